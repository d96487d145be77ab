package dev.mapreduce.core.coordinator;

import java.util.Optional;

/**
 * One attempt of a task, as the coordinator sees it. It starts RUNNING and ends exactly once, in
 * SUCCEEDED, FAILED (its body failed), KILLED (the coordinator stopped it: another attempt won, or
 * its worker moved on) or LOST (its worker was declared failed). It keeps its worker and end state
 * for good, so a task's history reads as the list of its attempts. Touched only on the
 * coordinator's loop.
 */
final class TaskAttempt {
  enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED,
    KILLED,
    LOST
  }

  final String id;
  final Task task;
  final String workerId;
  final long startMillis;
  final boolean backup;
  private Status status = Status.RUNNING;
  private long endMillis = -1;
  private Optional<String> reason = Optional.empty();
  private Runnable onEnd = () -> {};

  TaskAttempt(String id, Task task, String workerId, long startMillis, boolean backup) {
    this.id = id;
    this.task = task;
    this.workerId = workerId;
    this.startMillis = startMillis;
    this.backup = backup;
  }

  /** The attempt's one transition: from RUNNING to an end state. Anything else is a bug. */
  void end(Status to, long nowMillis, String why) {
    if (status != Status.RUNNING || to == Status.RUNNING) {
      throw new IllegalStateException(
          "attempt "
              + id
              + " of task "
              + task.id
              + " on "
              + workerId
              + ": cannot move from "
              + status
              + " to "
              + to
              + " ("
              + why
              + ")");
    }
    status = to;
    endMillis = nowMillis;
    reason = Optional.of(why);
    onEnd.run();
  }

  /** Called once the attempt ended (the task table's index of running attempts listens). */
  void onEnd(Runnable r) {
    this.onEnd = r;
  }

  Status status() {
    return status;
  }

  boolean running() {
    return status == Status.RUNNING;
  }

  long endMillis() {
    return endMillis;
  }

  long durationMillis() {
    return endMillis < 0 ? -1 : endMillis - startMillis;
  }

  Optional<String> reason() {
    return reason;
  }

  @Override
  public String toString() {
    return id + "@" + workerId + "(" + status + ")";
  }
}
