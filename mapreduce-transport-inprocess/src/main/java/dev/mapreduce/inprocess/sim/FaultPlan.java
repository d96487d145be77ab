package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.worker.WorkerHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Everything that goes wrong in one simulated run. */
public record FaultPlan(List<Fault> faults, MessageFaults messages) {
  public FaultPlan {
    faults = List.copyOf(faults);
  }

  public static FaultPlan none() {
    return new FaultPlan(List.of(), MessageFaults.NONE);
  }

  public static FaultPlan of(Fault... faults) {
    return new FaultPlan(List.of(faults), MessageFaults.NONE);
  }

  public FaultPlan withMessages(MessageFaults m) {
    return new FaultPlan(faults, m);
  }

  /**
   * A random mix drawn from {@code random}: up to three crashes (at named points, at a time, or
   * after N tasks), maybe a partition, maybe a slow worker, and lossy, duplicating, reordering
   * messages.
   */
  public static FaultPlan random(Random random, List<String> workers) {
    List<Fault> faults = new ArrayList<>();
    WorkerHooks.Point[] points = WorkerHooks.Point.values();
    int crashes = random.nextInt(4);
    for (int i = 0; i < crashes; i++) {
      String w = workers.get(random.nextInt(workers.size()));
      switch (random.nextInt(3)) {
        case 0 -> faults.add(new Fault.CrashAtPoint(w, points[random.nextInt(points.length)], 1 + random.nextInt(2)));
        case 1 -> faults.add(new Fault.CrashAtTime(w, random.nextInt(4000)));
        default -> faults.add(new Fault.CrashAfterTasks(w, 1 + random.nextInt(4)));
      }
    }
    if (random.nextInt(4) == 0) {
      String w = workers.get(random.nextInt(workers.size()));
      long from = random.nextInt(3000);
      faults.add(new Fault.Partition(w, from, from + 1000 + random.nextInt(25_000),
          random.nextBoolean(), random.nextBoolean()));
    }
    if (random.nextInt(4) == 0) {
      faults.add(new Fault.Slow(workers.get(random.nextInt(workers.size())), 2 + random.nextInt(30)));
    }
    MessageFaults messages =
        random.nextInt(3) == 0
            ? MessageFaults.NONE
            : new MessageFaults(random.nextDouble() * 0.05, random.nextDouble() * 0.05,
                random.nextDouble() * 0.2, 1 + random.nextInt(2000));
    return new FaultPlan(faults, messages);
  }

  public String describe() {
    return faults
        + String.format(Locale.ROOT, " messages[drop=%.3f dup=%.3f delay=%.3f max=%dms]",
            messages.drop(), messages.duplicate(), messages.delay(), messages.maxDelayMillis());
  }
}
