package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.internal.io.DiskFaults;
import dev.mapreduce.core.worker.WorkerHooks;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Draws random fault plans (see {@link FaultPlan#random}). About 4 plans in 100 make success
 * impossible on purpose — every worker crashes for good at once, every worker's tasks fail, or
 * {@code _SUCCESS} cannot be written — so that the sweep checks that such jobs fail with a reason
 * rather than hang; the rest mix faults that heal.
 */
final class RandomPlans {
  private static final DiskFaults.Op[] WORKER_OPS = {
    DiskFaults.Op.SPILL_WRITE,
    DiskFaults.Op.FETCH_CREATE,
    DiskFaults.Op.FETCH_APPEND,
    DiskFaults.Op.REDUCE_OUTPUT_WRITE,
    DiskFaults.Op.DELETE
  };

  private final Random r;
  private final List<String> workers;
  private final int mapTasks;
  private final int reduceTasks;
  private final List<Fault> faults = new ArrayList<>();

  RandomPlans(Random random, List<String> workers, int mapTasks, int reduceTasks) {
    this.r = random;
    this.workers = List.copyOf(workers);
    this.mapTasks = mapTasks;
    this.reduceTasks = reduceTasks;
  }

  FaultPlan draw() {
    int doom = r.nextInt(100);
    if (doom < 2) {
      everyWorkerCrashesAtOnce();
    } else if (doom < 3) {
      workers.forEach(w -> faults.add(new Fault.AlwaysFailingWorker(w)));
    } else {
      if (doom < 4) {
        faults.add(
            new Fault.DiskFault(
                Simulation.COORDINATOR, DiskFaults.Op.SUCCESS_WRITE, 1, r.nextBoolean()));
      }
      healingMix();
    }
    return new FaultPlan(faults, messages());
  }

  private void everyWorkerCrashesAtOnce() {
    for (String w : workers) {
      faults.add(
          r.nextBoolean()
              ? new Fault.CrashAtPoint(w, WorkerHooks.Point.REGISTERED, 1)
              : new Fault.CrashAtTime(w, r.nextInt(100)));
    }
  }

  private void healingMix() {
    Set<String> crashed = new LinkedHashSet<>();
    int crashes = r.nextInt(4);
    for (int i = 0; i < crashes; i++) {
      String w = anyWorker();
      crashed.add(w);
      faults.add(crash(w));
    }
    for (String w : crashed) {
      if (r.nextBoolean()) {
        faults.add(new Fault.RestartAfter(w, 1 + r.nextInt(20_000)));
      }
    }
    if (r.nextInt(4) == 0) {
      long from = r.nextInt(3000);
      faults.add(
          new Fault.Partition(
              anyWorker(),
              from,
              from + 1000 + r.nextInt(25_000),
              r.nextBoolean(),
              r.nextBoolean()));
    }
    if (r.nextInt(4) == 0) {
      // Slow enough, often, that its tasks get speculative backups that race with the commit.
      faults.add(new Fault.Slow(anyWorker(), 2 + r.nextInt(60)));
    }
    if (r.nextInt(4) == 0) {
      int n = 1 + r.nextInt(2);
      for (int i = 0; i < n; i++) {
        faults.add(diskFault());
      }
    }
    if (r.nextInt(10) == 0) {
      long from = r.nextInt(4000);
      faults.add(new Fault.FullDisk(anyWorker(), from, from + 500 + r.nextInt(15_000)));
    }
    if (r.nextInt(10) == 0) {
      faults.add(new Fault.AlwaysFailingWorker(anyWorker()));
    }
    if (r.nextInt(8) == 0) {
      faults.add(
          r.nextBoolean()
              ? new Fault.StuckAttempt(
                  String.format("m-%05d", r.nextInt(mapTasks)), 1 + r.nextInt(2))
              : new Fault.StuckAttempt(
                  String.format("r-%05d", r.nextInt(reduceTasks)), 1 + r.nextInt(2)));
    }
  }

  private Fault crash(String w) {
    WorkerHooks.Point[] points = WorkerHooks.Point.values();
    return switch (r.nextInt(3)) {
      case 0 -> new Fault.CrashAtPoint(w, points[r.nextInt(points.length)], 1 + r.nextInt(2));
      case 1 -> new Fault.CrashAtTime(w, r.nextInt(4000));
      default -> new Fault.CrashAfterTasks(w, 1 + r.nextInt(4));
    };
  }

  private Fault diskFault() {
    boolean unchecked = r.nextInt(3) == 0;
    if (r.nextInt(4) == 0) {
      return new Fault.DiskFault(
          Simulation.COORDINATOR,
          DiskFaults.Op.COMMIT_RENAME,
          1 + r.nextInt(reduceTasks),
          unchecked);
    }
    return new Fault.DiskFault(
        anyWorker(), WORKER_OPS[r.nextInt(WORKER_OPS.length)], 1 + r.nextInt(3), unchecked);
  }

  private MessageFaults messages() {
    return r.nextInt(3) == 0
        ? MessageFaults.NONE
        : new MessageFaults(
            r.nextDouble() * 0.05,
            r.nextDouble() * 0.05,
            r.nextDouble() * 0.2,
            1 + r.nextInt(2000));
  }

  private String anyWorker() {
    return workers.get(r.nextInt(workers.size()));
  }
}
