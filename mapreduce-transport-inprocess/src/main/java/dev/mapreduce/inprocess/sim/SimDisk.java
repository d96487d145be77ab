package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.DiskFaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated disks: every disk operation of the coordinator and of each worker process passes
 * here first, is shown to the {@link InvariantChecker}, and fails if the plan says so (a {@link
 * Fault.DiskFault} at its occurrence, a {@link Fault.FullDisk} while it is full, an {@link
 * Fault.AlwaysFailingWorker} always). Failures are traced without their paths, so traces stay free
 * of absolute paths; the exceptions name no path either.
 */
final class SimDisk {
  /** Operations that need free space; a full disk fails them. */
  private static final Set<DiskFaults.Op> WRITES =
      EnumSet.of(
          DiskFaults.Op.SPILL_WRITE,
          DiskFaults.Op.FETCH_CREATE,
          DiskFaults.Op.FETCH_APPEND,
          DiskFaults.Op.REDUCE_OUTPUT_WRITE);

  /** What an always-failing worker refuses: enough to fail every map and every reduce. */
  private static final Set<DiskFaults.Op> TASK_OUTPUTS =
      EnumSet.of(DiskFaults.Op.SPILL_WRITE, DiskFaults.Op.REDUCE_OUTPUT_WRITE);

  private final FaultPlan plan;
  private final SimulatedWorld world;
  private final EventSink sink;
  private final InvariantChecker checker;

  /** Occurrences so far, by node and operation, over all of a node's processes. */
  private final Map<String, Integer> counts = new HashMap<>();

  SimDisk(FaultPlan plan, SimulatedWorld world, EventSink sink, InvariantChecker checker) {
    this.plan = plan;
    this.world = world;
    this.sink = sink;
    this.checker = checker;
  }

  /** The disk as {@code process} (one process of {@code node}, e.g. {@code worker2#1}) sees it. */
  DiskFaults forProcess(String node, String process) {
    return (op, ignored, path) -> before(node, process, op, path);
  }

  private void before(String node, String process, DiskFaults.Op op, Path path) throws IOException {
    int n = counts.merge(node + "/" + op, 1, Integer::sum);
    Optional<String> refusal = refusal(node, op, n);
    // A create that fails creates nothing; everything else is checked whether it fails or not.
    if (refusal.isEmpty() || op != DiskFaults.Op.FETCH_CREATE) {
      checker.disk(process, op, path);
    }
    if (refusal.isEmpty()) {
      return;
    }
    String what = "disk fault on " + node + ": " + op + " #" + n + " fails (" + refusal.get() + ")";
    sink.event(world.nowMillis(), Simulation.SIM, new JobEvent.FaultInjected(what));
    if (uncheckedAt(node, op, n)) {
      throw new IllegalStateException("simulated unchecked " + what);
    }
    throw new IOException("simulated " + what);
  }

  private Optional<String> refusal(String node, DiskFaults.Op op, int occurrence) {
    long now = world.nowMillis();
    for (Fault f : plan.faults()) {
      if (f instanceof Fault.DiskFault d
          && d.node().equals(node)
          && d.op() == op
          && d.occurrence() == occurrence) {
        return Optional.of("injected");
      }
      if (f instanceof Fault.FullDisk d
          && d.worker().equals(node)
          && WRITES.contains(op)
          && now >= d.fromMillis()
          && now < d.untilMillis()) {
        return Optional.of("no space left on device");
      }
      if (f instanceof Fault.AlwaysFailingWorker a
          && a.worker().equals(node)
          && TASK_OUTPUTS.contains(op)) {
        return Optional.of("this worker's tasks always fail");
      }
    }
    return Optional.empty();
  }

  private boolean uncheckedAt(String node, DiskFaults.Op op, int occurrence) {
    return plan.faults().stream()
        .anyMatch(
            f ->
                f instanceof Fault.DiskFault d
                    && d.node().equals(node)
                    && d.op() == op
                    && d.occurrence() == occurrence
                    && d.unchecked());
  }
}
