package dev.mapreduce.inprocess.sim;

/** The rules every simulated run must keep, whatever its faults (see {@link InvariantChecker}). */
public enum Invariant {
  /** A reduce task's output is published (TaskCommitted) at most once. */
  ONE_COMMIT_PER_TASK,
  /**
   * A published part is never deleted or changed afterwards (until the job fails, when its parts
   * may be removed), and a finished output holds nothing but its parts and {@code _SUCCESS}: a late
   * attempt cannot write into it.
   */
  COMMITTED_OUTPUT_KEPT,
  /**
   * No attempt is assigned to, accepted from or committed for a worker the coordinator holds
   * FAILED.
   */
  NO_WORK_FOR_FAILED_WORKER,
  /** A committed job's counters count exactly one successful attempt per task. */
  COUNTERS_COUNT_ONCE,
  /** A worker process appends only to fetched-run files it created itself. */
  APPEND_ONLY_TO_OWN_FILES,
  /**
   * A committed job's output equals the sequential reference and has {@code _SUCCESS}; a failed job
   * has no {@code _SUCCESS}.
   */
  OUTPUT_MATCHES_REFERENCE,
  /** No trace event carries an absolute path (so traces compare across temporary directories). */
  NO_ABSOLUTE_PATHS,
  /** No exception escapes the coordinator's or a worker's loop: that is a bug by definition. */
  NO_INTERNAL_ERROR,
  /**
   * A worker deletes only what it created: a file its user keeps in the worker's work directory
   * survives the job, the worker's crashes and restarts.
   */
  WORK_DIR_KEPT,
  /** Once the job is over, every worker process exits: none hangs, however its cleanup went. */
  WORKERS_EXIT
}
