package dev.mapreduce.core.coordinator;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses what an idle worker runs next. Maps first; reduces once every map has succeeded; near the
 * end of a phase, a backup attempt of a slow task (the paper's stragglers rule). A task goes back
 * to a worker it already failed on only when no other worker could take it, and an excluded worker
 * gets nothing. Pure decisions over the task table and membership: it starts nothing.
 */
final class Scheduler {
  private final TaskTable tasks;
  private final Membership members;
  private final boolean speculative;
  private final Duration speculationAfter;
  private final Duration retryOnSameWorkerAfter;

  /**
   * @param retryOnSameWorkerAfter how long a task waits before going back to a worker it failed on
   *     when no other worker could take it: long enough for healthy workers to (re)join
   */
  Scheduler(
      TaskTable tasks,
      Membership members,
      boolean speculative,
      Duration speculationAfter,
      Duration retryOnSameWorkerAfter) {
    this.tasks = tasks;
    this.members = members;
    this.speculative = speculative;
    this.speculationAfter = speculationAfter;
    this.retryOnSameWorkerAfter = retryOnSameWorkerAfter;
  }

  /** A task for {@code w} to start, or empty if it should wait. */
  Optional<Task> next(WorkerState w, long nowMillis) {
    if (members.excluded(w)) {
      return Optional.empty();
    }
    Task.Kind phase = tasks.mapsDone() ? Task.Kind.REDUCE : Task.Kind.MAP;
    for (Task t : tasks.pending(phase)) {
      if (fits(t, w, nowMillis)) {
        return Optional.of(t);
      }
    }
    return tasks.pending(phase).isEmpty() ? backup(phase, w, nowMillis) : Optional.empty();
  }

  /**
   * Not a task that failed on {@code w}, unless every other eligible worker failed it too, and then
   * only after a back-off: a worker whose tasks always fail, alone for a moment, must not burn
   * every attempt of a task before the healthy workers are back.
   */
  private boolean fits(Task t, WorkerState w, long nowMillis) {
    if (!t.failedOn(w.id)) {
      return true;
    }
    return members.othersEligible(w).stream().allMatch(o -> t.failedOn(o.id))
        && nowMillis - t.lastFailureOn(w.id) >= retryOnSameWorkerAfter.toMillis();
  }

  private Optional<Task> backup(Task.Kind kind, WorkerState w, long nowMillis) {
    if (!speculative || tasks.running(kind).isEmpty()) {
      return Optional.empty();
    }
    List<Task> phase = kind == Task.Kind.MAP ? tasks.maps : tasks.reduces;
    double mean =
        phase.stream()
            .flatMap(t -> t.winner().stream())
            .mapToLong(TaskAttempt::durationMillis)
            .average()
            .orElse(0);
    long threshold = Math.max(speculationAfter.toMillis(), (long) (mean * 1.5));
    return tasks.running(kind).stream()
        .filter(t -> t.running().size() == 1)
        .filter(t -> !t.running().get(0).workerId.equals(w.id) && !t.failedOn(w.id))
        .filter(t -> nowMillis - t.running().get(0).startMillis > threshold)
        .min(Comparator.comparingLong(t -> t.running().get(0).startMillis));
  }
}
