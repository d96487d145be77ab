package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.coordinator.Coordinator;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.io.OutputCommitter;
import dev.mapreduce.core.worker.WorkerHooks;
import dev.mapreduce.core.worker.WorkerNode;
import dev.mapreduce.core.worker.WorkerOptions;
import dev.mapreduce.inprocess.InProcessCluster;
import dev.mapreduce.inprocess.InProcessNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deterministic, single-threaded run of a real job — the real coordinator, workers, map and
 * reduce code and files — in virtual time, with faults injected as a {@link FaultPlan} says. The
 * same seed and plan always give the same {@link SimulationResult#trace()}.
 *
 * <pre>{@code
 * SimulationResult r = Simulation.builder(job).seed(42).workers(3)
 *     .faults(FaultPlan.of(new Fault.CrashAtPoint("worker2", Point.MID_MAP, 1)))
 *     .build().run();
 * }</pre>
 */
public final class Simulation {
  private static final String SIM = "sim";

  private final Job job;
  private final long seed;
  private final int workers;
  private final Timings timings;
  private final FaultPlan plan;
  private final Duration limit;
  private final long mapMillis;
  private final long reduceMillis;

  private Simulation(Builder b) {
    this.mapMillis = b.mapMillis;
    this.reduceMillis = b.reduceMillis;
    this.job = b.job;
    this.seed = b.seed;
    this.workers = b.workers;
    this.timings = b.timings;
    this.plan = b.plan;
    this.limit = b.limit;
  }

  public static Builder builder(Job job) {
    return new Builder(job);
  }

  public SimulationResult run() {
    SimulatedWorld world = new SimulatedWorld(seed);
    List<TraceEvent> trace = new ArrayList<>();
    EventSink sink = (t, node, d) -> trace.add(new TraceEvent(t, node, d));
    List<Fault.Partition> partitions = new ArrayList<>();
    Map<String, Double> slowness = new HashMap<>();
    // A worker holds one halt count; of several, the smallest is the one that would fire first.
    Map<String, Integer> haltAfter = new HashMap<>();
    for (Fault f : plan.faults()) {
      if (f instanceof Fault.Partition p) {
        partitions.add(p);
      } else if (f instanceof Fault.Slow s) {
        slowness.merge(s.worker(), s.factor(), Math::max);
      } else if (f instanceof Fault.CrashAfterTasks c) {
        haltAfter.merge(c.worker(), c.tasks(), Math::min);
      }
    }
    InProcessNetwork network =
        new InProcessNetwork(new SimDelivery(world, plan.messages(), partitions));
    Coordinator coordinator =
        new Coordinator(
            boundNoWorkerWait(job), world.clock(), world.loop(InProcessNetwork.COORDINATOR), timings, sink);
    coordinator.start();
    network.bindCoordinator(coordinator.service());

    Path root;
    try {
      root = Files.createTempDirectory("mapreduce-sim-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, WorkerNode> nodes = new LinkedHashMap<>();
    Map<String, Integer> pointCounts = new HashMap<>();
    WorkerHooks hooks =
        (worker, point, attempt) -> {
          int n = pointCounts.merge(worker + "/" + point, 1, Integer::sum);
          for (Fault f : plan.faults()) {
            if (f instanceof Fault.CrashAtPoint c
                && c.worker().equals(worker) && c.point() == point && c.occurrence() == n) {
              sink.event(world.nowMillis(), SIM, new JobEvent.FaultInjected("crash " + worker + " at " + point + " #" + n
                  + (attempt.isEmpty() ? "" : " (" + attempt + ")")));
              crash(network, nodes.get(worker));
              return; // dead now: an identical fault later in the plan has nothing left to crash
            }
          }
        };
    for (int i = 1; i <= workers; i++) {
      String id = InProcessCluster.workerId(i);
      double slow = slowness.getOrDefault(id, 1.0);
      WorkerOptions options = WorkerOptions.in(root.resolve(id)).withHooks(hooks);
      if (haltAfter.containsKey(id)) {
        int tasks = haltAfter.get(id);
        options = options.withFailAfter(tasks, () -> {
          sink.event(world.nowMillis(), SIM, new JobEvent.FaultInjected("crash " + id + " after " + tasks + " tasks"));
          network.markDown(id);
        });
      }
      WorkerNode node =
          new WorkerNode(
              id,
              InProcessNetwork.shuffleAddress(id),
              network.coordinatorFor(id),
              network.shuffleClientFor(id),
              world.loop(id),
              world.runner(id, task -> Math.round(taskMillis(world, task) * slow)),
              world.clock(),
              timings,
              options,
              sink);
      network.bindShuffle(id, node.shuffleService());
      nodes.put(id, node);
      world.at(world.random().nextInt(50), node::start);
    }
    for (Fault f : plan.faults()) {
      if (f instanceof Fault.CrashAtTime c) {
        world.at(c.atMillis(), () -> {
          if (world.alive(c.worker())) {
            sink.event(world.nowMillis(), SIM, new JobEvent.FaultInjected("crash " + c.worker() + " at time"));
            crash(network, nodes.get(c.worker()));
          }
        });
      }
    }
    for (Fault.Partition p : partitions) {
      world.at(p.fromMillis(), () -> sink.event(world.nowMillis(), SIM, new JobEvent.FaultInjected("partition " + p.worker() + " begins")));
      world.at(p.untilMillis(), () -> sink.event(world.nowMillis(), SIM, new JobEvent.FaultInjected("partition " + p.worker() + " heals")));
    }

    boolean ended = world.runUntil(() -> coordinator.result().isDone(), limit.toMillis());
    Optional<JobResult> result = ended ? Optional.of(coordinator.result().join()) : Optional.empty();
    try {
      OutputCommitter.deleteRecursively(root);
    } catch (IOException e) {
      // temporary files only
    }
    return new SimulationResult(seed, plan, result, trace, world.nowMillis(), world.eventsRun());
  }

  /** As on the embedded cluster: the timings bound the job's no-live-worker wait (see Timings). */
  private Job boundNoWorkerWait(Job job) {
    Duration bound = timings.noWorkerTimeout();
    return job.noWorkerTimeout().compareTo(bound) <= 0
        ? job
        : job.toBuilder().noWorkerTimeout(bound).build();
  }

  private static void crash(InProcessNetwork network, WorkerNode node) {
    network.markDown(node.id());
    node.crash();
  }

  /** Virtual duration of a task body: the configured time plus up to 50% jitter. */
  private long taskMillis(SimulatedWorld world, String attemptId) {
    long base = attemptId.startsWith("m-") ? mapMillis : reduceMillis;
    return base + world.random().nextInt((int) Math.max(1, base / 2));
  }

  /** Settings of one simulated run. */
  public static final class Builder {
    private final Job job;
    private long seed;
    private int workers = 3;
    private Timings timings = Timings.defaults();
    private FaultPlan plan = FaultPlan.none();
    private Duration limit = Duration.ofHours(2);
    private long mapMillis = 200;
    private long reduceMillis = 300;

    private Builder(Job job) {
      this.job = job;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** How many workers, named {@code worker1} .. {@code workerN} (default 3). */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("a simulation needs at least 1 worker, got " + n);
      }
      this.workers = n;
      return this;
    }

    public Builder timings(Timings t) {
      this.timings = t;
      return this;
    }

    public Builder faults(FaultPlan p) {
      this.plan = p;
      return this;
    }

    /** Virtual time after which a job that has neither committed nor failed counts as hung. */
    public Builder limit(Duration d) {
      this.limit = d;
      return this;
    }

    /** How long (virtual) a map and a reduce body take, before jitter and slowness. */
    public Builder taskMillis(long map, long reduce) {
      this.mapMillis = map;
      this.reduceMillis = reduce;
      return this;
    }

    /**
     * Refuses a plan with a fault for a worker this simulation does not have: such a fault would
     * otherwise never fire and the run would quietly test less than it says. Checked here because
     * the worker count and the plan may be set in either order.
     */
    public Simulation build() {
      List<String> ids = InProcessCluster.workerIds(workers);
      for (Fault f : plan.faults()) {
        if (!ids.contains(f.worker())) {
          throw new IllegalArgumentException(
              f + " names worker \"" + f.worker() + "\", which this simulation does not have: its workers are "
                  + String.join(", ", ids));
        }
      }
      return new Simulation(this);
    }
  }
}
