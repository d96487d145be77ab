package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.coordinator.Coordinator;
import dev.mapreduce.core.coordinator.TimeoutFailureDetector;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.FileTrees;
import dev.mapreduce.core.internal.io.SplitPlanner;
import dev.mapreduce.inprocess.InProcessCluster;
import dev.mapreduce.inprocess.InProcessNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A deterministic, single-threaded run of a real job — the real coordinator, workers, map and
 * reduce code and files — in virtual time, with faults injected as a {@link FaultPlan} says. The
 * same seed and plan always give the same {@link SimulationResult#trace()}.
 *
 * <p>An {@link InvariantChecker} watches every run as it goes: the first broken {@link Invariant}
 * stops the run at once and {@link #run()} throws an {@link InvariantViolation} naming the seed,
 * the plan and the trace's tail. After the job ends, the world runs on until every worker process
 * has exited (or a few virtual minutes), so an attempt that finishes late still gets to try to
 * write into the finished output, and the checker sees whether it could.
 *
 * <pre>{@code
 * SimulationResult r = Simulation.builder(job).seed(42).workers(3)
 *     .faults(FaultPlan.of(new Fault.CrashAtPoint("worker2", Point.MID_MAP, 1)))
 *     .build().run();
 * }</pre>
 *
 * <p>Longer than most classes on purpose: it wires one run (nodes, faults, checker) and holds the
 * builder that is the simulation's public face; the rules live in the classes it wires.
 */
public final class Simulation {
  /** The node name of faults the simulation injects, in traces. */
  public static final String SIM = "sim";

  /** The coordinator's node name, in traces and in {@link Fault.DiskFault}. */
  public static final String COORDINATOR = InProcessNetwork.COORDINATOR;

  /** How long (virtual) late attempts get after the job's end to show what they would write. */
  private static final long DRAIN_MILLIS = 150_000;

  private static final int TRACE_TAIL = 40;

  private final Job job;
  private final long seed;
  private final int workers;
  private final Timings timings;
  private final FaultPlan plan;
  private final Duration limit;
  private final long mapMillis;
  private final long reduceMillis;
  private final Optional<Map<String, ?>> reference;
  private final Predicate<Violation> tolerated;
  private final Optional<Path> workParent;

  private Simulation(Builder b) {
    this.mapMillis = b.mapMillis;
    this.reduceMillis = b.reduceMillis;
    this.job = b.job;
    this.seed = b.seed;
    this.workers = b.workers;
    this.timings = b.timings;
    this.plan = b.plan;
    this.limit = b.limit;
    this.reference = b.reference;
    this.tolerated = b.tolerated;
    this.workParent = b.workParent;
  }

  public static Builder builder(Job job) {
    return new Builder(job);
  }

  /** What this run's plan allows it to end with, given this simulation's job and settings. */
  public Outlook outlook() {
    return plan.outlook(
        new Outlook.Setting(
            InProcessCluster.workerIds(workers),
            job.maxAttempts(),
            mapMillis,
            timings.boundNoWorkerWait(job).noWorkerTimeout().toMillis(),
            timings.coordinatorLostAfter().toMillis(),
            Math.max(mapMillis, reduceMillis) * 3 / 2,
            job.taskTimeout().toMillis()));
  }

  /**
   * Runs the job to its end, a hang (see {@link Builder#limit}) or the first broken invariant.
   *
   * @throws InvariantViolation if an invariant broke
   */
  public SimulationResult run() {
    SimulatedWorld world = new SimulatedWorld(seed);
    Path root = tempRoot(workParent);
    List<TraceEvent> trace = new ArrayList<>();
    InvariantChecker checker =
        new InvariantChecker(job.output(), job.inputs(), reference, List.of(root))
            .tolerating(tolerated);
    EventSink sink =
        (t, node, e) -> {
          TraceEvent te = new TraceEvent(t, node, e);
          trace.add(te);
          checker.event(te);
        };
    SimDisk disk = new SimDisk(plan, world, sink, checker);
    InProcessNetwork network =
        new InProcessNetwork(
            new SimDelivery(
                world,
                SimSeeds.NETWORK.of(seed),
                plan.messages(),
                plan.all(Fault.Partition.class)));
    Coordinator coordinator =
        new Coordinator(
            timings.boundNoWorkerWait(job),
            world.clock(),
            world.loop(COORDINATOR),
            timings,
            new TimeoutFailureDetector(timings.failureTimeout()),
            sink,
            disk.forProcess(COORDINATOR, COORDINATOR));
    coordinator.start();
    network.bindCoordinator(coordinator.service());
    WorkerProcesses processes =
        new WorkerProcesses(world, network, timings, sink, plan, root, disk, bodyMillis());
    // Each work directory holds a file of its user's: no worker may delete it.
    List<Path> workDirs = new ArrayList<>();
    for (String id : InProcessCluster.workerIds(workers)) {
      Path dir = root.resolve(id);
      try {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(InvariantChecker.USER_FILE), "not the engine's");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      workDirs.add(dir);
    }
    checker.userFilesIn(workDirs);
    processes.startAll(InProcessCluster.workerIds(workers));
    scheduleTimedFaults(world, sink, processes);

    Optional<JobResult> result = Optional.empty();
    try {
      world.runUntil(
          () -> coordinator.result().isDone() || checker.violation().isPresent(), limit.toMillis());
      if (checker.violation().isEmpty() && coordinator.result().isDone()) {
        result = Optional.of(resultOf(coordinator));
        world.runUntil(
            () -> processes.allExited() || checker.violation().isPresent(),
            world.nowMillis() + DRAIN_MILLIS);
        checker.drained(processes.running());
      }
      long end = world.nowMillis();
      checker.end(end, result);
      // Whatever still runs (a hang, a violation, a worker still cut off) stops now, releasing its
      // directory lock: thousands of runs share this JVM's open files.
      processes.stopAll();
      world.runUntil(processes::allExited, end);
    } finally {
      deleteQuietly(root);
    }
    SimulationResult r =
        new SimulationResult(
            seed, plan, result, trace, world.nowMillis(), world.eventsRun(), checker.tolerated());
    Optional<Violation> v = checker.violation();
    if (v.isPresent()) {
      throw new InvariantViolation(v.get(), r, r.traceTail(TRACE_TAIL));
    }
    return r;
  }

  private static JobResult resultOf(Coordinator coordinator) {
    try {
      return coordinator.result().join();
    } catch (CompletionException e) {
      // Only a coordinator that broke before its job started completes exceptionally.
      throw new IllegalStateException(
          "the coordinator failed before its job started", e.getCause());
    }
  }

  private void scheduleTimedFaults(
      SimulatedWorld world, EventSink sink, WorkerProcesses processes) {
    for (Fault.CrashAtTime c : plan.all(Fault.CrashAtTime.class)) {
      world.at(c.atMillis(), () -> processes.crash(c.worker(), "at time"));
    }
    for (Fault.Partition p : plan.all(Fault.Partition.class)) {
      world.at(p.fromMillis(), () -> trace(world, sink, "partition " + p.worker() + " begins"));
      world.at(p.untilMillis(), () -> trace(world, sink, "partition " + p.worker() + " heals"));
    }
    for (Fault.FullDisk d : plan.all(Fault.FullDisk.class)) {
      world.at(d.fromMillis(), () -> trace(world, sink, "disk of " + d.worker() + " full"));
      world.at(
          d.untilMillis(), () -> trace(world, sink, "disk of " + d.worker() + " has space again"));
    }
  }

  private static void trace(SimulatedWorld world, EventSink sink, String what) {
    sink.event(world.nowMillis(), SIM, new JobEvent.FaultInjected(what));
  }

  /**
   * Virtual duration of a task body, keyed {@code worker/attemptId}: the configured time plus up to
   * 50% jitter from the run's durations stream, times the worker's slowness.
   */
  private ToLongFunction<String> bodyMillis() {
    Random durations = SimSeeds.DURATIONS.of(seed);
    Map<String, Double> slowness = new HashMap<>();
    for (Fault.Slow s : plan.all(Fault.Slow.class)) {
      slowness.merge(s.worker(), s.factor(), Math::max);
    }
    return key -> {
      int slash = key.indexOf('/');
      String attempt = key.substring(slash + 1);
      String plain = attempt.substring(attempt.lastIndexOf('.') + 1); // without any job token
      long base = plain.startsWith("m-") ? mapMillis : reduceMillis;
      long millis = base + durations.nextInt((int) Math.max(1, base / 2));
      return Math.round(millis * slowness.getOrDefault(key.substring(0, slash), 1.0));
    };
  }

  private static Path tempRoot(Optional<Path> parent) {
    try {
      return parent.isPresent()
          ? Files.createTempDirectory(parent.get(), "mapreduce-sim-")
          : Files.createTempDirectory("mapreduce-sim-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path root) {
    try {
      FileTrees.delete(root);
    } catch (IOException e) {
      // temporary files only
    }
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
    private Optional<Map<String, ?>> reference = Optional.empty();
    private Predicate<Violation> tolerated = v -> false;
    private Optional<Path> workParent = Optional.empty();

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
     * The sequential reference output, key to value: a committed output must equal it (values
     * compared as text), and the reduce output counter must equal its number of keys.
     */
    public Builder reference(Map<String, ?> expected) {
      this.reference = Optional.of(Map.copyOf(expected));
      return this;
    }

    /**
     * Where the run's worker directories go (a fresh directory inside, deleted after the run);
     * default: the system's temporary directory. A sweep of thousands of runs is several times
     * faster on a RAM-backed file system.
     */
    public Builder workDirectory(Path parent) {
      this.workParent = Optional.of(parent);
      return this;
    }

    /**
     * Violations {@code knownBug} accepts do not stop the run; they are listed in {@link
     * SimulationResult#toleratedViolations()}. For sweeps that must go on past an engine bug
     * already reported; never for a test of the behaviour itself.
     */
    public Builder tolerating(Predicate<Violation> knownBug) {
      this.tolerated = knownBug;
      return this;
    }

    /**
     * Refuses a plan with a fault that can never fire — one naming a node this simulation does not
     * have, or a task its job does not have — because it would quietly test less than it says.
     * Checked here because the worker count and the plan may be set in either order.
     */
    public Simulation build() {
      List<String> ids = InProcessCluster.workerIds(workers);
      for (Fault f : plan.faults()) {
        if (f instanceof Fault.OnWorker w && !ids.contains(w.worker())) {
          throw new IllegalArgumentException(
              f
                  + " names worker \""
                  + w.worker()
                  + "\", which this simulation does not have: its workers are "
                  + String.join(", ", ids));
        }
        if (f instanceof Fault.DiskFault d
            && !d.node().equals(COORDINATOR)
            && !ids.contains(d.node())) {
          throw new IllegalArgumentException(
              f
                  + " names node \""
                  + d.node()
                  + "\", which this simulation does not have: its nodes are "
                  + COORDINATOR
                  + ", "
                  + String.join(", ", ids));
        }
        if (f instanceof Fault.StuckAttempt s) {
          int tasks =
              s.isMap()
                  ? SplitPlanner.plan(job.inputs(), job.splitSize()).size()
                  : job.reduceTasks();
          if (s.taskIndex() >= tasks) {
            throw new IllegalArgumentException(
                f
                    + " names task "
                    + s.task()
                    + ", but the job has "
                    + tasks
                    + (s.isMap() ? " map" : " reduce")
                    + " tasks");
          }
        }
      }
      return new Simulation(this);
    }
  }
}
