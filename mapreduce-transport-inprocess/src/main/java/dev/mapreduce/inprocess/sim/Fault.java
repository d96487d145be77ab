package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.worker.WorkerHooks;
import java.util.Objects;

/**
 * One fault, stated as data, that a {@link Simulation} injects. Every fault names a worker, which
 * must be one of the simulation's ({@code worker1} .. {@code workerN}): {@link
 * Simulation.Builder#build()} refuses any other. A plan may give one worker several crashes; the
 * first to fire kills it and the rest find it dead.
 */
public sealed interface Fault {
  /** The worker this fault hits. */
  String worker();

  /** Crash {@code worker} the {@code occurrence}-th time (1-based) it reaches {@code point}. */
  record CrashAtPoint(String worker, WorkerHooks.Point point, int occurrence) implements Fault {
    public CrashAtPoint {
      Objects.requireNonNull(worker, "worker");
      Objects.requireNonNull(point, "point");
      if (occurrence < 1) {
        // Occurrences count from 1, so a lower one would never match.
        throw new IllegalArgumentException(
            "CrashAtPoint(" + worker + ", " + point + "): occurrence counts from 1, got " + occurrence);
      }
    }
  }

  /** The worker completes and reports {@code tasks} tasks, then halts (the seed's worker_unstable). */
  record CrashAfterTasks(String worker, int tasks) implements Fault {
    public CrashAfterTasks {
      Objects.requireNonNull(worker, "worker");
      if (tasks < 1) {
        // The worker checks the count only after a report, so 0 would quietly mean 1.
        throw new IllegalArgumentException(
            "CrashAfterTasks(" + worker + "): a worker halts after at least 1 task, got tasks=" + tasks);
      }
    }
  }

  /** Crash {@code worker} at virtual time {@code atMillis}. */
  record CrashAtTime(String worker, long atMillis) implements Fault {
    public CrashAtTime {
      Objects.requireNonNull(worker, "worker");
    }
  }

  /**
   * Cut {@code worker} off from the coordinator and/or from the other workers between {@code
   * fromMillis} and {@code untilMillis}; messages across the cut are lost.
   */
  record Partition(
      String worker, long fromMillis, long untilMillis, boolean fromCoordinator, boolean fromPeers)
      implements Fault {
    public Partition {
      Objects.requireNonNull(worker, "worker");
    }
  }

  /** Every task on {@code worker} takes {@code factor} times as long. */
  record Slow(String worker, double factor) implements Fault {
    public Slow {
      Objects.requireNonNull(worker, "worker");
    }
  }
}
