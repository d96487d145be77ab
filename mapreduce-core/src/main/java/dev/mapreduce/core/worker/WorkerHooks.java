package dev.mapreduce.core.worker;

/**
 * Named points in a worker's life where a test may crash it. Production workers use {@link #NONE};
 * the in-process simulation supplies hooks that crash the worker at a chosen point.
 */
@FunctionalInterface
public interface WorkerHooks {
  enum Point {
    /** Just registered with the coordinator. */
    REGISTERED,
    /** A map attempt's body is running. */
    MID_MAP,
    /**
     * Inside a map attempt's body, every {@link #BODY_POINT_RECORDS} input records: called on the
     * task's own thread (the simulation's, in a simulation), so a crash here lands mid-body.
     */
    IN_MAP_BODY,
    /** A map attempt was reported complete; reducers have not fetched its output yet. */
    AFTER_MAP_COMPLETED,
    /** A reduce attempt has fetched its first chunk. */
    MID_FETCH,
    /** A reduce attempt's body is running. */
    MID_REDUCE,
    /** A reduce attempt wrote its output under _temporary and has not reported it. */
    BEFORE_COMMIT
  }

  /** How often {@link Point#IN_MAP_BODY} is reached, in input records. */
  int BODY_POINT_RECORDS = 16;

  /**
   * Called on the worker's loop (IN_MAP_BODY: on the task's thread); {@code attemptId} is empty for
   * REGISTERED.
   */
  void reached(String workerId, Point point, String attemptId);

  WorkerHooks NONE = (w, p, a) -> {};
}
