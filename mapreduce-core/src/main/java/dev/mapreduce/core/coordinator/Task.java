package dev.mapreduce.core.coordinator;

import static dev.mapreduce.core.coordinator.Task.Event.ATTEMPT_FAILED;
import static dev.mapreduce.core.coordinator.Task.Event.ATTEMPT_KILLED;
import static dev.mapreduce.core.coordinator.Task.Event.ATTEMPT_LOST;
import static dev.mapreduce.core.coordinator.Task.Event.ATTEMPT_STARTED;
import static dev.mapreduce.core.coordinator.Task.Event.ATTEMPT_SUCCEEDED;
import static dev.mapreduce.core.coordinator.Task.Event.OUTPUT_LOST;
import static dev.mapreduce.core.coordinator.Task.Event.RECORD_FAILED;
import static dev.mapreduce.core.coordinator.Task.Status.FAILED;
import static dev.mapreduce.core.coordinator.Task.Status.PENDING;
import static dev.mapreduce.core.coordinator.Task.Status.RUNNING;
import static dev.mapreduce.core.coordinator.Task.Status.SUCCEEDED;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One map or reduce task: an explicit state machine over its attempts. {@link #transition} is the
 * only place its state changes and the only place its counts (failures, output losses,
 * reassignments) change; it refuses any move the table below does not list. Touched only on the
 * coordinator's loop.
 */
final class Task {
  enum Kind {
    MAP("m"),
    REDUCE("r");

    final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  enum Status {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  enum Event {
    ATTEMPT_STARTED,
    ATTEMPT_SUCCEEDED,
    ATTEMPT_FAILED,
    ATTEMPT_LOST,
    ATTEMPT_KILLED,
    /** The mapper failed on one record, which the task's next attempts skip. */
    RECORD_FAILED,
    OUTPUT_LOST
  }

  /**
   * From each state, what each event may lead to. Where an event has several targets, the task
   * picks by its attempts: another attempt still running keeps it RUNNING; otherwise it retries
   * (PENDING) until its failures reach the attempt limit (FAILED). A killed attempt is not a
   * failure, nor is a failure on a record that from then on is skipped (the record was at fault,
   * and the skip limit bounds how often this happens). Only a map's output can be lost after it
   * succeeded.
   */
  private static final Map<Status, Map<Event, Set<Status>>> TABLE = new EnumMap<>(Status.class);

  static {
    allow(PENDING, ATTEMPT_STARTED, RUNNING);
    allow(RUNNING, ATTEMPT_STARTED, RUNNING); // a backup attempt
    allow(RUNNING, ATTEMPT_SUCCEEDED, SUCCEEDED); // any other attempts are killed
    allow(RUNNING, ATTEMPT_FAILED, RUNNING, PENDING, FAILED);
    allow(RUNNING, ATTEMPT_LOST, RUNNING, PENDING, FAILED);
    allow(RUNNING, ATTEMPT_KILLED, RUNNING, PENDING);
    allow(RUNNING, RECORD_FAILED, RUNNING, PENDING); // maps of a job that skips bad records
    allow(SUCCEEDED, OUTPUT_LOST, PENDING, FAILED); // maps only; FAILED when lost too often
    // FAILED is final: the job has failed.
  }

  final Kind kind;
  final int index;
  final String id;
  private final int maxAttempts;
  private Status status = PENDING;
  private final List<TaskAttempt> attempts = new ArrayList<>();
  private int failures;
  private int outputLosses;
  private int reassignments;
  private Optional<TaskAttempt> winner = Optional.empty();
  private Optional<Map<String, Long>> counters = Optional.empty();
  private Optional<String> lastError = Optional.empty();
  private final Map<Long, SkippedRecord> skipped = new TreeMap<>();
  private final Set<TaskAttempt> failedOnRecord = new HashSet<>();
  private StatusListener listener = (t, from, to) -> {};

  /** Told of every change of state, after it happened: how the task table keeps its indexes. */
  interface StatusListener {
    void changed(Task task, Status from, Status to);
  }

  Task(Kind kind, int index, int maxAttempts) {
    this.kind = kind;
    this.index = index;
    this.id = String.format("%s-%05d", kind.prefix, index);
    this.maxAttempts = maxAttempts;
  }

  // ---- events ---------------------------------------------------------------------------------

  TaskAttempt start(String workerId, long nowMillis) {
    boolean backup = status == RUNNING;
    TaskAttempt a =
        new TaskAttempt(id + "-a" + (attempts.size() + 1), this, workerId, nowMillis, backup);
    transition(ATTEMPT_STARTED, RUNNING, a);
    attempts.add(a);
    return a;
  }

  /** The attempt won: its counters count for the task; any other running attempt is killed. */
  List<TaskAttempt> succeed(TaskAttempt a, Map<String, Long> attemptCounters, long nowMillis) {
    requireRunningAttempt(a, ATTEMPT_SUCCEEDED);
    transition(ATTEMPT_SUCCEEDED, SUCCEEDED, a);
    a.end(TaskAttempt.Status.SUCCEEDED, nowMillis, "succeeded");
    winner = Optional.of(a);
    counters = Optional.of(Map.copyOf(attemptCounters));
    List<TaskAttempt> losers = running();
    losers.forEach(l -> l.end(TaskAttempt.Status.KILLED, nowMillis, a.id + " finished first"));
    return losers;
  }

  /** The attempt's body failed ({@code lost} false) or its worker failed ({@code lost} true). */
  void fail(TaskAttempt a, boolean lost, String error, long nowMillis) {
    Event e = lost ? ATTEMPT_LOST : ATTEMPT_FAILED;
    requireRunningAttempt(a, e);
    a.end(lost ? TaskAttempt.Status.LOST : TaskAttempt.Status.FAILED, nowMillis, error);
    failures++;
    lastError = Optional.of(error);
    Status to = !running().isEmpty() ? RUNNING : failures >= maxAttempts ? FAILED : PENDING;
    transition(e, to, a);
  }

  /**
   * A map attempt failed on one input record; from now on the task's attempts skip it. Returns
   * false if the record was already skipped (a backup attempt started before the skip met it too).
   */
  boolean failOnRecord(TaskAttempt a, long record, String description, String error, long now) {
    if (kind != Kind.MAP) {
      throw new IllegalStateException("task " + id + ": only a map task skips records");
    }
    requireRunningAttempt(a, RECORD_FAILED);
    a.end(TaskAttempt.Status.FAILED, now, error);
    failedOnRecord.add(a);
    lastError = Optional.of(error);
    boolean added =
        skipped.putIfAbsent(record, new SkippedRecord(record, description, error)) == null;
    transition(RECORD_FAILED, running().isEmpty() ? PENDING : RUNNING, a);
    return added;
  }

  /** A record this task skips: its index in the split, where it is, what the mapper threw. */
  record SkippedRecord(long index, String description, String error) {}

  /** The coordinator stopped the attempt for a reason that is not the attempt's fault. */
  void kill(TaskAttempt a, String why, long nowMillis) {
    requireRunningAttempt(a, ATTEMPT_KILLED);
    a.end(TaskAttempt.Status.KILLED, nowMillis, why);
    transition(ATTEMPT_KILLED, running().isEmpty() ? PENDING : RUNNING, a);
  }

  /** A succeeded map's output is gone: run it again. Its counters still count (once). */
  void loseOutput(String why) {
    if (kind != Kind.MAP) {
      throw new IllegalStateException("task " + id + ": a reduce task has no map output to lose");
    }
    outputLosses++;
    lastError = Optional.of("output lost: " + why);
    transition(OUTPUT_LOST, outputLosses > 3 * maxAttempts ? FAILED : PENDING, winner.orElse(null));
    winner = Optional.empty();
  }

  // ---- the machine ----------------------------------------------------------------------------

  private void transition(Event event, Status to, TaskAttempt cause) {
    Set<Status> allowed = TABLE.getOrDefault(status, Map.of()).getOrDefault(event, Set.of());
    if (!allowed.contains(to)) {
      throw new IllegalStateException(
          "task "
              + id
              + ": event "
              + event
              + (cause == null ? "" : " (" + cause.id + ")")
              + " cannot move it from "
              + status
              + " to "
              + to);
    }
    if (to == PENDING && event != ATTEMPT_KILLED) {
      reassignments++; // it must run again because of a failure or a loss
    }
    Status from = status;
    status = to;
    if (from != to) {
      listener.changed(this, from, to);
    }
  }

  void listen(StatusListener l) {
    this.listener = l;
  }

  private void requireRunningAttempt(TaskAttempt a, Event e) {
    if (a.task != this || !a.running()) {
      throw new IllegalStateException(
          "task " + id + ": event " + e + " for " + a + ", which is not a running attempt of it");
    }
  }

  private static void allow(Status from, Event event, Status... to) {
    TABLE.computeIfAbsent(from, s -> new EnumMap<>(Event.class)).put(event, EnumSet.of(to[0], to));
  }

  // ---- queries --------------------------------------------------------------------------------

  Status status() {
    return status;
  }

  boolean succeeded() {
    return status == SUCCEEDED;
  }

  List<TaskAttempt> attempts() {
    return List.copyOf(attempts);
  }

  List<TaskAttempt> running() {
    return attempts.stream().filter(TaskAttempt::running).toList();
  }

  /**
   * True if an attempt of this task failed on that worker (not merely lost with it, and not on a
   * record that is now skipped: any worker would have failed there).
   */
  boolean failedOn(String workerId) {
    return attempts.stream().anyMatch(a -> a.workerId.equals(workerId) && failedThere(a));
  }

  private boolean failedThere(TaskAttempt a) {
    return a.status() == TaskAttempt.Status.FAILED && !failedOnRecord.contains(a);
  }

  /** When the last attempt that failed on that worker ended (0 if none did). */
  long lastFailureOn(String workerId) {
    return attempts.stream()
        .filter(a -> a.workerId.equals(workerId) && failedThere(a))
        .mapToLong(TaskAttempt::endMillis)
        .max()
        .orElse(0);
  }

  /** The attempt whose output currently stands for the task (empty unless SUCCEEDED). */
  Optional<TaskAttempt> winner() {
    return winner;
  }

  /** Counters of the task's last successful attempt; present once it ever succeeded. */
  Optional<Map<String, Long>> counters() {
    return counters;
  }

  int failures() {
    return failures;
  }

  /** The records this task's attempts skip, by index. */
  List<SkippedRecord> skippedRecords() {
    return List.copyOf(skipped.values());
  }

  /** The indexes of the records this task's next attempts skip, ascending. */
  List<Long> skippedIndexes() {
    return List.copyOf(skipped.keySet());
  }

  boolean skips(long record) {
    return skipped.containsKey(record);
  }

  int skippedCount() {
    return skipped.size();
  }

  int outputLosses() {
    return outputLosses;
  }

  int reassignments() {
    return reassignments;
  }

  Optional<String> lastError() {
    return lastError;
  }

  String history() {
    return String.join(", ", attempts.stream().map(a -> a.id + "@" + a.workerId).toList());
  }
}
