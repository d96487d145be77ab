package dev.mapreduce.inprocess;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.JobRunner;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.coordinator.Coordinator;
import dev.mapreduce.core.coordinator.StatusSnapshot;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.internal.io.FileTrees;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.TaskRunner;
import dev.mapreduce.core.time.ThreadEventLoop;
import dev.mapreduce.core.worker.WorkerHooks;
import dev.mapreduce.core.worker.WorkerNode;
import dev.mapreduce.core.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An embedded cluster in one JVM with real threads and real time: a coordinator and N workers, each
 * on its own event loop and task thread, talking through the {@link InProcessNetwork}. Use {@link
 * #run(Job)} to run a job to the end, or {@link #start(Job)} to watch it and crash workers.
 *
 * <pre>{@code
 * JobResult r = InProcessCluster.builder().workers(3).build().run(job);
 * }</pre>
 *
 * <p>It is a {@link JobRunner}: a {@code Pipeline} runs all its stages on one cluster. Each job
 * gets fresh worker nodes (and work directories), so nothing one job leaves on a worker reaches the
 * next.
 *
 * <p>Workers are named {@code worker1} .. {@code workerN}. The job's no-live-worker wait is bounded
 * by {@link Timings#noWorkerTimeout()}, so scaled-down timings shorten it too.
 *
 * <p>Longer than most classes on purpose: the cluster, its {@link Builder} and the {@link
 * RunningJob} handle are one public API that users reach through one name.
 */
public final class InProcessCluster implements JobRunner {
  private final int workers;
  private final Timings timings;
  private final EventSink events;
  private final WorkerHooks hooks;
  private final Map<String, Integer> failAfter;
  private final Map<String, WorkerHooks.Point> crashAt;
  private final Optional<Path> workRoot;

  private InProcessCluster(Builder b) {
    this.workers = b.workers;
    this.timings = b.timings;
    this.events = b.events;
    this.hooks = b.hooks;
    this.failAfter = Map.copyOf(b.failAfter);
    this.crashAt = Map.copyOf(b.crashAt);
    this.workRoot = Optional.ofNullable(b.workRoot);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the job to the end and returns how it ended (see {@link RunningJob#result()}). Bad specs
   * throw before anything runs.
   */
  @Override
  public JobResult run(Job job) {
    try (RunningJob running = start(job)) {
      return running.result().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  /** Starts the job and returns at once. */
  public RunningJob start(Job job) {
    InProcessNetwork network = new InProcessNetwork();
    ThreadEventLoop coordinatorLoop = new ThreadEventLoop("mr-coordinator");
    Coordinator coordinator =
        new Coordinator(
            timings.boundNoWorkerWait(job), Clock.system(), coordinatorLoop, timings, events);
    try {
      coordinator.start();
    } catch (RuntimeException e) {
      coordinatorLoop.shutdown();
      throw e;
    }
    network.bindCoordinator(coordinator.service());
    Path root;
    try {
      root = workRoot.isPresent() ? workRoot.get() : Files.createTempDirectory("mapreduce-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, WorkerNode> nodes = new ConcurrentHashMap<>();
    // Workers this cluster killed. Each is added before it dies, so it is in the set before
    // anything its death causes, the end of the job included.
    Set<String> killed = ConcurrentHashMap.newKeySet();
    // Chained before any worker starts, so it runs when the job ends and sees exactly the workers
    // killed by then, never one killed after (e.g. one halting on the ack of the last report).
    CompletableFuture<JobResult> result =
        coordinator.result().thenApply(r -> withKilledWorkers(r, killed));
    WorkerHooks crashing =
        (worker, point, attempt) -> {
          if (crashAt.get(worker) == point) {
            killed.add(worker);
            network.markDown(worker);
            nodes.get(worker).crash();
          }
          hooks.reached(worker, point, attempt);
        };
    for (int i = 1; i <= workers; i++) {
      String id = workerId(i);
      WorkerOptions options = WorkerOptions.in(root.resolve(id)).withHooks(crashing);
      if (failAfter.containsKey(id)) {
        options =
            options.withFailAfter(
                failAfter.get(id),
                () -> {
                  killed.add(id);
                  network.markDown(id);
                });
      }
      WorkerNode node =
          new WorkerNode(
              id,
              InProcessNetwork.shuffleAddress(id),
              network.coordinatorFor(id),
              network.shuffleClientFor(id),
              new ThreadEventLoop("mr-" + id),
              TaskRunner.threads("mr-" + id + "-task"),
              Clock.system(),
              timings,
              options,
              events);
      network.bindShuffle(id, node.shuffleService());
      nodes.put(id, node);
    }
    Map<String, WorkerNode> ordered = new LinkedHashMap<>();
    for (String id : workerIds(workers)) {
      ordered.put(id, nodes.get(id));
    }
    ordered.values().forEach(WorkerNode::start);
    return new RunningJob(
        coordinator, result, coordinatorLoop, network, ordered, killed, root, workRoot.isEmpty());
  }

  /**
   * The coordinator declares a worker failed only after missing its heartbeats, so a job can end
   * before it notices a worker this cluster killed. The cluster knows for certain, so it adds them.
   */
  private static JobResult withKilledWorkers(JobResult r, Set<String> killed) {
    if (r.failedWorkers().containsAll(killed)) {
      return r;
    }
    // Sorted, as the coordinator sorts its own list.
    Set<String> failed = new TreeSet<>(r.failedWorkers());
    failed.addAll(killed);
    return new JobResult(
        r.jobName(),
        r.output(),
        r.failureReason(),
        r.counters(),
        r.tasks(),
        r.reassignments(),
        List.copyOf(failed),
        r.duration());
  }

  /**
   * The id of the {@code i}-th worker (1-based), as embedded clusters and simulations name them.
   */
  public static String workerId(int i) {
    return "worker" + i;
  }

  /** The ids of the workers of an embedded cluster or simulation of {@code n} workers, in order. */
  public static List<String> workerIds(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(workerId(i));
    }
    return ids;
  }

  /** A job running on an embedded cluster. Closing it stops every node. */
  public static final class RunningJob implements AutoCloseable {
    private final Coordinator coordinator;
    private final CompletableFuture<JobResult> result;
    private final ThreadEventLoop coordinatorLoop;
    private final InProcessNetwork network;
    private final Map<String, WorkerNode> workers;
    private final Set<String> killed;
    private final Path root;
    private final boolean ownsRoot;

    RunningJob(
        Coordinator coordinator,
        CompletableFuture<JobResult> result,
        ThreadEventLoop coordinatorLoop,
        InProcessNetwork network,
        Map<String, WorkerNode> workers,
        Set<String> killed,
        Path root,
        boolean ownsRoot) {
      this.coordinator = coordinator;
      this.result = result;
      this.coordinatorLoop = coordinatorLoop;
      this.network = network;
      this.workers = workers;
      this.killed = killed;
      this.root = root;
      this.ownsRoot = ownsRoot;
    }

    /**
     * How the job ended. Its {@link JobResult#failedWorkers()} are those the coordinator declared
     * failed plus those this cluster killed ({@link #crash}, {@code crashAt}, {@code failAfter})
     * before the job ended, which the coordinator may not have noticed yet. The coordinator's own
     * view is {@code coordinator().result()}.
     */
    public CompletableFuture<JobResult> result() {
      return result;
    }

    /** A consistent picture of the cluster: workers, tasks by phase and state, counters, events. */
    public CompletableFuture<StatusSnapshot> status() {
      return coordinator.status();
    }

    public Coordinator coordinator() {
      return coordinator;
    }

    public List<String> workerIds() {
      return new ArrayList<>(workers.keySet());
    }

    public WorkerNode worker(String id) {
      return workers.get(id);
    }

    /** Kills a worker abruptly, as SIGKILL would: it stops answering and its map outputs vanish. */
    public void crash(String workerId) {
      WorkerNode node = workers.get(workerId);
      if (node == null) {
        throw new IllegalArgumentException(
            "crash(\""
                + workerId
                + "\"): there is no such worker; this cluster's workers are "
                + String.join(", ", workers.keySet()));
      }
      killed.add(workerId);
      network.markDown(workerId);
      node.crash();
    }

    @Override
    public void close() {
      workers.values().forEach(WorkerNode::stop);
      for (WorkerNode w : workers.values()) {
        w.exit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
      }
      coordinatorLoop.shutdown();
      if (ownsRoot) {
        try {
          FileTrees.delete(root);
        } catch (IOException e) {
          // A temporary directory; nothing the caller can do about it.
        }
      }
    }
  }

  /** Settings for an embedded cluster. */
  public static final class Builder {
    private int workers = 3;
    private Timings timings = Timings.defaults();
    private EventSink events = EventSink.NONE;
    private WorkerHooks hooks = WorkerHooks.NONE;
    private final Map<String, Integer> failAfter = new HashMap<>();
    private final Map<String, WorkerHooks.Point> crashAt = new HashMap<>();
    private Path workRoot;

    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("an embedded cluster needs at least 1 worker, got " + n);
      }
      this.workers = n;
      return this;
    }

    public Builder timings(Timings t) {
      this.timings = t;
      return this;
    }

    public Builder events(EventSink sink) {
      this.events = sink;
      return this;
    }

    public Builder hooks(WorkerHooks h) {
      this.hooks = h;
      return this;
    }

    /**
     * Worker {@code id} ("worker2") halts abruptly after completing {@code tasks} (at least 1)
     * tasks. A worker can die only once, so it may have one {@code failAfter} or one {@code
     * crashAt}, not both; {@link #build()} refuses an id that is not one of this cluster's.
     */
    public Builder failAfter(String workerId, int tasks) {
      Objects.requireNonNull(workerId, "workerId");
      String fault = "failAfter(\"" + workerId + "\", " + tasks + ")";
      if (tasks < 1) {
        // WorkerNode checks the count only after a report, so 0 would quietly mean 1.
        throw new IllegalArgumentException(
            fault + ": a worker halts after completing at least 1 task, got " + tasks);
      }
      refuseSecondFault(workerId, fault);
      failAfter.put(workerId, tasks);
      return this;
    }

    /**
     * Worker {@code id} ("worker2") crashes (as if SIGKILLed) the first time it reaches {@code
     * point}. A worker can crash only once, so it may have one {@code crashAt} or one {@code
     * failAfter}, not both; {@link #build()} refuses an id that is not one of this cluster's.
     */
    public Builder crashAt(String workerId, WorkerHooks.Point point) {
      Objects.requireNonNull(workerId, "workerId");
      Objects.requireNonNull(point, "point");
      refuseSecondFault(workerId, "crashAt(\"" + workerId + "\", " + point + ")");
      crashAt.put(workerId, point);
      return this;
    }

    /**
     * Refuses a second fault for one worker at once: the first to fire would kill the worker and
     * the other could never happen, and silently replacing the first is how faults got lost.
     */
    private void refuseSecondFault(String workerId, String fault) {
      Optional<String> existing = faultOf(workerId);
      if (existing.isPresent()) {
        throw new IllegalArgumentException(
            fault
                + " conflicts with "
                + existing.get()
                + ": a worker can die only once, so "
                + workerId
                + " can have only one crashAt or failAfter");
      }
    }

    private Optional<String> faultOf(String workerId) {
      if (crashAt.containsKey(workerId)) {
        return Optional.of("crashAt(\"" + workerId + "\", " + crashAt.get(workerId) + ")");
      }
      if (failAfter.containsKey(workerId)) {
        return Optional.of("failAfter(\"" + workerId + "\", " + failAfter.get(workerId) + ")");
      }
      return Optional.empty();
    }

    /** Where workers keep local files (default: a fresh temporary directory, deleted after). */
    public Builder workRoot(Path dir) {
      this.workRoot = dir;
      return this;
    }

    /**
     * Checks here, not in {@code crashAt}/{@code failAfter}, that every faulty worker exists: the
     * worker count may be set after the faults.
     */
    public InProcessCluster build() {
      Set<String> named = new TreeSet<>(crashAt.keySet());
      named.addAll(failAfter.keySet());
      List<String> ids = workerIds(workers);
      for (String id : named) {
        if (!ids.contains(id)) {
          throw new IllegalArgumentException(
              faultOf(id).orElseThrow()
                  + " names no worker of this cluster: its workers are "
                  + String.join(", ", ids));
        }
      }
      return new InProcessCluster(this);
    }
  }
}
