package dev.mapreduce.inprocess.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Everything that goes wrong in one simulated run. Its {@code toString} is the Java expression that
 * rebuilds it, so a failing sweep seed's plan can be pasted into a test as it is printed.
 */
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
   * Whether this plan lets a job commit, decided up front: see {@link Outlook}. A {@link
   * Simulation} computes its {@link Outlook.Setting} with {@link Simulation#outlook()}.
   */
  public Outlook outlook(Outlook.Setting setting) {
    return OutlookRules.classify(this, setting);
  }

  /**
   * A random mix drawn from {@code random}, for a job of at least 4 map and 3 reduce tasks: see
   * {@link #random(Random, List, int, int)}.
   */
  public static FaultPlan random(Random random, List<String> workers) {
    return random(random, workers, 4, 3);
  }

  /**
   * A random mix drawn from {@code random} (see {@link RandomPlans}): mostly plans whose faults
   * heal — crashes with or without restarts, partitions, slow workers, failing disk operations,
   * full disks, a worker whose tasks always fail, stuck attempts, lossy networks — and now and then
   * a plan that makes success impossible, so the failure path is exercised too. Stuck attempts name
   * tasks below {@code mapTasks} and {@code reduceTasks}.
   */
  public static FaultPlan random(
      Random random, List<String> workers, int mapTasks, int reduceTasks) {
    return new RandomPlans(random, workers, mapTasks, reduceTasks).draw();
  }

  @Override
  public String toString() {
    String base =
        faults.stream()
            .map(Fault::toString)
            .collect(Collectors.joining(", ", "FaultPlan.of(", ")"));
    return messages.equals(MessageFaults.NONE) ? base : base + ".withMessages(" + messages + ")";
  }

  /** The faults of one type, in plan order. */
  <F extends Fault> List<F> all(Class<F> type) {
    List<F> out = new ArrayList<>();
    for (Fault f : faults) {
      if (type.isInstance(f)) {
        out.add(type.cast(f));
      }
    }
    return out;
  }
}
