package dev.mapreduce.core.coordinator;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which workers belong to the job: registration with incarnations, the failure detector's verdicts,
 * and exclusion of workers whose attempts keep failing. Touched only on the loop.
 */
final class Membership {
  /** A worker with this many failed attempts in a job gets no more of its tasks, if others can. */
  static final int EXCLUDE_AFTER_FAILED_ATTEMPTS = 3;

  /** What a registration turned out to be. */
  enum Registration {
    NEW,
    DUPLICATE,
    RETURNING
  }

  private final FailureDetector detector;
  private final Map<String, WorkerState> workers = new TreeMap<>();
  private final Set<String> everFailed = new TreeSet<>();
  private long noLiveWorkerSince;

  Membership(FailureDetector detector, long nowMillis) {
    this.detector = detector;
    this.noLiveWorkerSince = nowMillis;
  }

  /**
   * Registers a process. The caller must first fail the previous incarnation of the same name if
   * {@link #replacedIncarnation} says there is a live one.
   */
  Registration register(
      String id, String shuffleAddress, long incarnation, Instant now, long nowMillis) {
    WorkerState known = workers.get(id);
    if (known != null && known.incarnation == incarnation && !known.failed()) {
      detector.heard(id, nowMillis);
      return Registration.DUPLICATE;
    }
    if (known != null && !known.failed()) {
      throw new IllegalStateException("worker " + id + ": the live incarnation must fail first");
    }
    workers.put(id, new WorkerState(id, shuffleAddress, incarnation, now));
    detector.heard(id, nowMillis);
    noLiveWorkerSince = -1;
    return known == null ? Registration.NEW : Registration.RETURNING;
  }

  /** True if a newer process of this name is already known. */
  boolean isStale(String id, long incarnation) {
    WorkerState known = workers.get(id);
    return known != null && incarnation < known.incarnation;
  }

  /** The live older incarnation that a registration with a new incarnation replaces, if any. */
  Optional<WorkerState> replacedIncarnation(String id, long incarnation) {
    WorkerState known = workers.get(id);
    return known != null && !known.failed() && known.incarnation != incarnation
        ? Optional.of(known)
        : Optional.empty();
  }

  /** The live worker of that name, if any: requests from anyone else are not admitted. */
  Optional<WorkerState> live(String id) {
    WorkerState w = workers.get(id);
    return w == null || w.failed() ? Optional.empty() : Optional.of(w);
  }

  void heard(WorkerState w, Instant now, long nowMillis) {
    detector.heard(w.id, nowMillis);
    w.lastSeen = now;
  }

  /** Live workers the detector says have been silent too long. */
  List<WorkerState> suspects(long nowMillis) {
    return detector.suspects(nowMillis).stream().flatMap(id -> live(id).stream()).toList();
  }

  long silenceMillis(String id, long nowMillis) {
    return detector.silenceMillis(id, nowMillis);
  }

  void markFailed(WorkerState w) {
    w.markFailed();
    everFailed.add(w.id);
    detector.forget(w.id);
  }

  /** Counts a failed attempt; returns true when this one flags the worker for exclusion. */
  boolean noteFailedAttempt(WorkerState w) {
    w.failedAttempts++;
    if (!w.flagged() && w.failedAttempts >= EXCLUDE_AFTER_FAILED_ATTEMPTS) {
      w.flag();
      return true;
    }
    return false;
  }

  /**
   * A flagged worker gets no tasks while some live unflagged worker exists; a flagged worker that
   * is the last hope still works, so exclusion alone never starves a job.
   */
  boolean excluded(WorkerState w) {
    return w.flagged() && live().stream().anyMatch(o -> !o.flagged());
  }

  /** Live workers other than {@code w} that may take tasks. */
  List<WorkerState> othersEligible(WorkerState w) {
    return live().stream().filter(o -> o != w && !excluded(o)).toList();
  }

  List<WorkerState> live() {
    return workers.values().stream().filter(w -> !w.failed()).toList();
  }

  Collection<WorkerState> all() {
    return workers.values();
  }

  /** Every worker declared failed during the job, even if it came back since. */
  List<String> failedIds() {
    return List.copyOf(everFailed);
  }

  List<String> excludedIds() {
    return workers.values().stream().filter(WorkerState::flagged).map(w -> w.id).toList();
  }

  /** Milliseconds without a live worker, or 0 while one is live. */
  long noLiveWorkerFor(long nowMillis) {
    if (!live().isEmpty()) {
      noLiveWorkerSince = -1;
      return 0;
    }
    if (noLiveWorkerSince < 0) {
      noLiveWorkerSince = nowMillis;
    }
    return nowMillis - noLiveWorkerSince;
  }
}
