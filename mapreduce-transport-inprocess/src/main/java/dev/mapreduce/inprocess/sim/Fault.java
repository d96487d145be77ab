package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.internal.io.DiskFaults;
import dev.mapreduce.core.worker.WorkerHooks;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One fault, stated as data, that a {@link Simulation} injects. A fault that names a node must name
 * one of the simulation's ({@code worker1} .. {@code workerN}, or the coordinator where a {@link
 * DiskFault} allows it): {@link Simulation.Builder#build()} refuses any other, because a fault that
 * can never fire would quietly test less than the plan says. A plan may give one worker several
 * crashes; the first to fire kills it and the rest find it dead.
 *
 * <p>Each record's {@code toString} is the Java expression that rebuilds it, so a failing run's
 * plan can be pasted into a test.
 */
public sealed interface Fault {
  /** A fault bound to one worker, named {@link #worker()}. */
  sealed interface OnWorker extends Fault {
    String worker();
  }

  /** Crash {@code worker} the {@code occurrence}-th time (1-based) it reaches {@code point}. */
  record CrashAtPoint(String worker, WorkerHooks.Point point, int occurrence) implements OnWorker {
    public CrashAtPoint {
      Objects.requireNonNull(worker, "worker");
      Objects.requireNonNull(point, "point");
      if (occurrence < 1) {
        // Occurrences count from 1, so a lower one would never match.
        throw new IllegalArgumentException(
            "CrashAtPoint("
                + worker
                + ", "
                + point
                + "): occurrence counts from 1, got "
                + occurrence);
      }
    }

    @Override
    public String toString() {
      return "new Fault.CrashAtPoint(\"" + worker + "\", Point." + point + ", " + occurrence + ")";
    }
  }

  /**
   * The worker's first process completes and reports {@code tasks} tasks, then halts (the seed's
   * worker_unstable). A restarted process does not halt again: the fault is one unstable run, not a
   * crash loop.
   */
  record CrashAfterTasks(String worker, int tasks) implements OnWorker {
    public CrashAfterTasks {
      Objects.requireNonNull(worker, "worker");
      if (tasks < 1) {
        // The worker checks the count only after a report, so 0 would quietly mean 1.
        throw new IllegalArgumentException(
            "CrashAfterTasks("
                + worker
                + "): a worker halts after at least 1 task, got tasks="
                + tasks);
      }
    }

    @Override
    public String toString() {
      return "new Fault.CrashAfterTasks(\"" + worker + "\", " + tasks + ")";
    }
  }

  /** Crash {@code worker} at virtual time {@code atMillis}. */
  record CrashAtTime(String worker, long atMillis) implements OnWorker {
    public CrashAtTime {
      Objects.requireNonNull(worker, "worker");
    }

    @Override
    public String toString() {
      return "new Fault.CrashAtTime(\"" + worker + "\", " + atMillis + ")";
    }
  }

  /**
   * Cut {@code worker} off from the coordinator and/or from the other workers between {@code
   * fromMillis} and {@code untilMillis}; messages across the cut are lost.
   */
  record Partition(
      String worker, long fromMillis, long untilMillis, boolean fromCoordinator, boolean fromPeers)
      implements OnWorker {
    public Partition {
      Objects.requireNonNull(worker, "worker");
    }

    @Override
    public String toString() {
      return "new Fault.Partition(\""
          + worker
          + "\", "
          + fromMillis
          + ", "
          + untilMillis
          + ", "
          + fromCoordinator
          + ", "
          + fromPeers
          + ")";
    }
  }

  /** Every task on {@code worker} takes {@code factor} times as long. */
  record Slow(String worker, double factor) implements OnWorker {
    public Slow {
      Objects.requireNonNull(worker, "worker");
    }

    @Override
    public String toString() {
      return "new Fault.Slow(\"" + worker + "\", " + factor + ")";
    }
  }

  /**
   * Whenever {@code worker}'s process dies (a crash or a halt), a new process with the same name
   * and the same work directory starts {@code delayMillis} later: a supervisor restarting it on its
   * persistent disk. The dead process's files are still there for the new one to clean.
   */
  record RestartAfter(String worker, long delayMillis) implements OnWorker {
    public RestartAfter {
      Objects.requireNonNull(worker, "worker");
      if (delayMillis < 1) {
        // The dead process releases its directory lock on its own loop, one step after the crash.
        throw new IllegalArgumentException(
            "RestartAfter(" + worker + "): the delay must be at least 1 ms, got " + delayMillis);
      }
    }

    @Override
    public String toString() {
      return "new Fault.RestartAfter(\"" + worker + "\", " + delayMillis + ")";
    }
  }

  /**
   * Every map and reduce attempt on {@code worker} fails: its disk refuses the map's spills and the
   * reduce's output, whatever process runs there.
   */
  record AlwaysFailingWorker(String worker) implements OnWorker {
    public AlwaysFailingWorker {
      Objects.requireNonNull(worker, "worker");
    }

    @Override
    public String toString() {
      return "new Fault.AlwaysFailingWorker(\"" + worker + "\")";
    }
  }

  /**
   * Every write on {@code worker}'s disk fails between {@code fromMillis} and {@code untilMillis}
   * (spills, fetched runs, reduce output); deletes still work, as on a full disk.
   */
  record FullDisk(String worker, long fromMillis, long untilMillis) implements OnWorker {
    public FullDisk {
      Objects.requireNonNull(worker, "worker");
      if (untilMillis <= fromMillis) {
        throw new IllegalArgumentException(
            "FullDisk("
                + worker
                + "): the disk must be full for some time, got "
                + fromMillis
                + ".."
                + untilMillis);
      }
    }

    @Override
    public String toString() {
      return "new Fault.FullDisk(\"" + worker + "\", " + fromMillis + ", " + untilMillis + ")";
    }
  }

  /**
   * The {@code occurrence}-th time (1-based, over all of the node's processes) {@code node} reaches
   * the disk operation {@code op}, it fails once: with an {@link java.io.IOException}, or with an
   * unchecked exception if {@code unchecked}. {@code node} is a worker, or {@code coordinator} for
   * the coordinator's own operations ({@code COMMIT_RENAME}, {@code SUCCESS_WRITE}).
   */
  record DiskFault(String node, DiskFaults.Op op, int occurrence, boolean unchecked)
      implements Fault {
    /** Operations only the coordinator performs. */
    public static final Set<DiskFaults.Op> COORDINATOR_OPS =
        EnumSet.of(DiskFaults.Op.COMMIT_RENAME, DiskFaults.Op.SUCCESS_WRITE);

    public DiskFault {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(op, "op");
      if (occurrence < 1) {
        throw new IllegalArgumentException(
            "DiskFault(" + node + ", " + op + "): occurrence counts from 1, got " + occurrence);
      }
      boolean coordinator = node.equals(Simulation.COORDINATOR);
      if (coordinator != COORDINATOR_OPS.contains(op)) {
        // A worker never renames parts or writes _SUCCESS; the coordinator does nothing else.
        throw new IllegalArgumentException(
            "DiskFault("
                + node
                + ", "
                + op
                + "): "
                + op
                + " is done by "
                + (COORDINATOR_OPS.contains(op) ? "the coordinator" : "workers")
                + " only");
      }
      if (op == DiskFaults.Op.SUCCESS_WRITE && occurrence != 1) {
        throw new IllegalArgumentException(
            "DiskFault("
                + node
                + ", SUCCESS_WRITE): a job writes _SUCCESS once, got occurrence "
                + occurrence);
      }
    }

    @Override
    public String toString() {
      return "new Fault.DiskFault(\""
          + node
          + "\", Op."
          + op
          + ", "
          + occurrence
          + ", "
          + unchecked
          + ")";
    }
  }

  /**
   * Attempt {@code attempt} (1-based) of task {@code task} (e.g. {@code m-00002}) never finishes
   * its body and makes no progress, whichever worker runs it: its worker must kill it after the
   * job's task timeout.
   */
  record StuckAttempt(String task, int attempt) implements Fault {
    public StuckAttempt {
      Objects.requireNonNull(task, "task");
      if (!task.matches("[mr]-[0-9]{5}")) {
        throw new IllegalArgumentException(
            "StuckAttempt: task ids look like m-00002 or r-00001, got " + task);
      }
      if (attempt < 1) {
        throw new IllegalArgumentException(
            "StuckAttempt(" + task + "): attempts count from 1, got " + attempt);
      }
    }

    /** The attempt id the coordinator gives it. */
    public String attemptId() {
      return task + "-a" + attempt;
    }

    boolean isMap() {
      return task.startsWith("m-");
    }

    int taskIndex() {
      return Integer.parseInt(task.substring(2));
    }

    @Override
    public String toString() {
      return "new Fault.StuckAttempt(\"" + task + "\", " + attempt + ")";
    }
  }
}
