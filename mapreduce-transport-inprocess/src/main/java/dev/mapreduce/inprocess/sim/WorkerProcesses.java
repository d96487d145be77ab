package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.time.TaskRunner;
import dev.mapreduce.core.worker.WorkerHooks;
import dev.mapreduce.core.worker.WorkerNode;
import dev.mapreduce.core.worker.WorkerOptions;
import dev.mapreduce.inprocess.InProcessNetwork;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The simulated worker processes: starts each worker, crashes it where the plan says (at a named
 * point, at a time, after N tasks), restarts it on the same work directory when the plan has a
 * {@link Fault.RestartAfter}, and never lets a {@link Fault.StuckAttempt}'s body finish. A worker
 * name may have several processes over a run, one after another; each gets its own event loop, task
 * runner and disk view, and is known to the checker as {@code worker#N}.
 */
final class WorkerProcesses {
  private final SimulatedWorld world;
  private final InProcessNetwork network;
  private final Timings timings;
  private final EventSink sink;
  private final FaultPlan plan;
  private final Path root;
  private final SimDisk disk;
  private final ToLongFunction<String> bodyMillis;
  private final Map<String, Process> current = new LinkedHashMap<>();

  /**
   * How often each worker name reached each point, over all its processes: crash occurrences count
   * these.
   */
  private final Map<String, Integer> pointCounts = new HashMap<>();

  private final Set<String> stuckAttempts;
  private int pendingRestarts;

  /** One process of a worker. */
  private static final class Process {
    final String worker;
    final int number;
    final WorkerNode node;
    boolean killed;

    Process(String worker, int number, WorkerNode node) {
      this.worker = worker;
      this.number = number;
      this.node = node;
    }
  }

  /** Thrown from inside a map body at a crash point: a killed process runs no further. */
  private static final class Killed extends RuntimeException {
    Killed(String worker) {
      super(worker + " was killed in this body", null, false, false);
    }
  }

  /**
   * @param bodyMillis how long a body takes, by worker and attempt id ({@code
   *     "worker1/m-00000-a1"}), before slowness
   */
  WorkerProcesses(
      SimulatedWorld world,
      InProcessNetwork network,
      Timings timings,
      EventSink sink,
      FaultPlan plan,
      Path root,
      SimDisk disk,
      ToLongFunction<String> bodyMillis) {
    this.world = world;
    this.network = network;
    this.timings = timings;
    this.sink = sink;
    this.plan = plan;
    this.root = root;
    this.disk = disk;
    this.bodyMillis = bodyMillis;
    this.stuckAttempts =
        plan.all(Fault.StuckAttempt.class).stream()
            .map(Fault.StuckAttempt::attemptId)
            .collect(Collectors.toSet());
  }

  /** Creates each worker's first process, to start a few jittered milliseconds from now. */
  void startAll(List<String> workers) {
    for (String id : workers) {
      Process p = create(id, 1);
      world.at(
          world.random().nextInt(50),
          () -> {
            if (!p.killed) { // a process crashed before it started never starts
              p.node.start();
            }
          });
    }
  }

  /** Crashes the worker's current process, if it is alive; returns true if it did. */
  boolean crash(String worker, String how) {
    Process p = current.get(worker);
    if (p == null || p.killed || p.node.exit().isDone()) {
      return false;
    }
    trace("crash " + worker + " " + how);
    kill(p);
    return true;
  }

  /** True once every process has exited and no restart is due. */
  /** Workers whose current process is still running (none once all exited). */
  List<String> running() {
    return current.entrySet().stream()
        .filter(e -> !e.getValue().node.exit().isDone())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  boolean allExited() {
    return pendingRestarts == 0 && current.values().stream().allMatch(p -> p.node.exit().isDone());
  }

  /**
   * Stops every process still running (the run is over): a stopped worker releases its directory
   * lock, so thousands of runs in one JVM do not pile up open files. Stopping happens on the
   * workers' loops; the caller runs the world a moment more.
   */
  void stopAll() {
    current.values().forEach(p -> p.node.stop());
  }

  // ---- one process --------------------------------------------------------------------------

  private Process create(String id, int number) {
    String name = id + "#" + number;
    // A dead loop never runs again, so each process has a loop of its own; the first keeps the
    // worker's name, as before restarts existed.
    String loopName = number == 1 ? id : name;
    WorkerOptions options =
        WorkerOptions.in(root.resolve(id))
            .withHooks(this::reached)
            .withDiskFaults(disk.forProcess(id, name));
    if (number == 1) {
      int halt = haltAfter(id);
      if (halt > 0) {
        options =
            options.withFailAfter(
                halt,
                () -> {
                  trace("crash " + id + " after " + halt + " tasks");
                  network.markDown(id);
                });
      }
    }
    WorkerNode node =
        new WorkerNode(
            id,
            InProcessNetwork.shuffleAddress(id),
            network.coordinatorFor(id),
            network.shuffleClientFor(id),
            world.loop(loopName),
            stuckAware(
                id, world.runner(loopName, attempt -> bodyMillis.applyAsLong(id + "/" + attempt))),
            world.clock(),
            timings,
            options,
            sink);
    network.bindShuffle(id, node.shuffleService());
    Process p = new Process(id, number, node);
    current.put(id, p);
    node.exit().thenAccept(why -> exited(p, why));
    return p;
  }

  private void exited(Process p, WorkerNode.Exit why) {
    if (why != WorkerNode.Exit.CRASHED && why != WorkerNode.Exit.HALTED) {
      return; // it ended by itself: nothing for a supervisor to do
    }
    plan.all(Fault.RestartAfter.class).stream()
        .filter(r -> r.worker().equals(p.worker))
        .mapToLong(Fault.RestartAfter::delayMillis)
        .min()
        .ifPresent(
            delay -> {
              pendingRestarts++;
              world.at(
                  delay,
                  () -> {
                    pendingRestarts--;
                    trace(
                        "restart "
                            + p.worker
                            + " (process "
                            + (p.number + 1)
                            + ") on the same work directory");
                    create(p.worker, p.number + 1).node.start();
                  });
            });
  }

  private void kill(Process p) {
    p.killed = true;
    network.markDown(p.worker);
    p.node.crash();
  }

  /**
   * The hook every process shares: counts points per worker name and crashes where the plan says.
   */
  private void reached(String worker, WorkerHooks.Point point, String attempt) {
    int n = pointCounts.merge(worker + "/" + point, 1, Integer::sum);
    boolean planned =
        plan.all(Fault.CrashAtPoint.class).stream()
            .anyMatch(c -> c.worker().equals(worker) && c.point() == point && c.occurrence() == n);
    if (planned
        && crash(worker, "at " + point + " #" + n + (attempt.isEmpty() ? "" : " (" + attempt + ")"))
        && point == WorkerHooks.Point.IN_MAP_BODY) {
      // Reached on the body's own thread: a killed process does not finish the body.
      throw new Killed(worker);
    }
  }

  /** The worker's first process halts after this many reported tasks (0: never). */
  private int haltAfter(String id) {
    return plan.all(Fault.CrashAfterTasks.class).stream()
        .filter(c -> c.worker().equals(id))
        .mapToInt(Fault.CrashAfterTasks::tasks)
        .min()
        .orElse(0);
  }

  /** A runner whose planned stuck attempts never finish (nor make progress). */
  private TaskRunner stuckAware(String worker, TaskRunner inner) {
    return new TaskRunner() {
      @Override
      public <T> CompletableFuture<T> run(String attemptId, Callable<T> body) {
        String plain = attemptId.substring(attemptId.lastIndexOf('.') + 1); // without any job token
        if (stuckAttempts.contains(plain)) {
          trace(plain + " is stuck on " + worker);
          return new CompletableFuture<>();
        }
        return inner.run(attemptId, body);
      }

      @Override
      public void shutdown() {
        inner.shutdown();
      }
    };
  }

  private void trace(String what) {
    sink.event(world.nowMillis(), Simulation.SIM, new JobEvent.FaultInjected(what));
  }
}
