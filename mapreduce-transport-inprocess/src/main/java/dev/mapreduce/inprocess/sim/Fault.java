package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.worker.WorkerHooks;

/** One fault, stated as data, that a {@link Simulation} injects. */
public sealed interface Fault {
  /** Crash {@code worker} the {@code occurrence}-th time (1-based) it reaches {@code point}. */
  record CrashAtPoint(String worker, WorkerHooks.Point point, int occurrence) implements Fault {}

  /** The worker completes and reports {@code tasks} tasks, then halts (the seed's worker_unstable). */
  record CrashAfterTasks(String worker, int tasks) implements Fault {}

  /** Crash {@code worker} at virtual time {@code atMillis}. */
  record CrashAtTime(String worker, long atMillis) implements Fault {}

  /**
   * Cut {@code worker} off from the coordinator and/or from the other workers between {@code
   * fromMillis} and {@code untilMillis}; messages across the cut are lost.
   */
  record Partition(
      String worker, long fromMillis, long untilMillis, boolean fromCoordinator, boolean fromPeers)
      implements Fault {}

  /** Every task on {@code worker} takes {@code factor} times as long. */
  record Slow(String worker, double factor) implements Fault {}
}
