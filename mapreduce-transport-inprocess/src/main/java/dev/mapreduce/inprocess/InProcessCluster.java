package dev.mapreduce.inprocess;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.coordinator.Coordinator;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.io.OutputCommitter;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An embedded cluster in one JVM with real threads and real time: a coordinator and N workers,
 * each on its own event loop and task thread, talking through the {@link InProcessNetwork}. Use
 * {@link #run(Job)} to run a job to the end, or {@link #start(Job)} to watch it and crash workers.
 *
 * <pre>{@code
 * JobResult r = InProcessCluster.builder().workers(3).build().run(job);
 * }</pre>
 */
public final class InProcessCluster {
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

  /** Runs the job to the end and returns how it ended. Bad specs throw before anything runs. */
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
        new Coordinator(job, Clock.system(), coordinatorLoop, timings, events);
    try {
      coordinator.start();
    } catch (RuntimeException e) {
      coordinatorLoop.shutdown();
      throw e;
    }
    network.bindCoordinator(coordinator);
    Path root;
    try {
      root = workRoot.isPresent() ? workRoot.get() : Files.createTempDirectory("mapreduce-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, WorkerNode> nodes = new java.util.concurrent.ConcurrentHashMap<>();
    WorkerHooks crashing =
        (worker, point, attempt) -> {
          if (crashAt.get(worker) == point) {
            network.markDown(worker);
            nodes.get(worker).crash();
          }
          hooks.reached(worker, point, attempt);
        };
    for (int i = 1; i <= workers; i++) {
      String id = "worker" + i;
      WorkerOptions options = WorkerOptions.in(root.resolve(id)).withHooks(crashing);
      if (failAfter.containsKey(id)) {
        options = options.withFailAfter(failAfter.get(id), () -> network.markDown(id));
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
    for (int i = 1; i <= workers; i++) {
      ordered.put("worker" + i, nodes.get("worker" + i));
    }
    ordered.values().forEach(WorkerNode::start);
    return new RunningJob(coordinator, coordinatorLoop, network, ordered, root, workRoot.isEmpty());
  }

  /** A job running on an embedded cluster. Closing it stops every node. */
  public static final class RunningJob implements AutoCloseable {
    private final Coordinator coordinator;
    private final ThreadEventLoop coordinatorLoop;
    private final InProcessNetwork network;
    private final Map<String, WorkerNode> workers;
    private final Path root;
    private final boolean ownsRoot;

    RunningJob(
        Coordinator coordinator,
        ThreadEventLoop coordinatorLoop,
        InProcessNetwork network,
        Map<String, WorkerNode> workers,
        Path root,
        boolean ownsRoot) {
      this.coordinator = coordinator;
      this.coordinatorLoop = coordinatorLoop;
      this.network = network;
      this.workers = workers;
      this.root = root;
      this.ownsRoot = ownsRoot;
    }

    public CompletableFuture<JobResult> result() {
      return coordinator.result();
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
      network.markDown(workerId);
      workers.get(workerId).crash();
    }

    @Override
    public void close() {
      workers.values().forEach(WorkerNode::stop);
      for (WorkerNode w : workers.values()) {
        w.exit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
      }
      coordinatorLoop.shutdown();
      if (ownsRoot) {
        try {
          OutputCommitter.deleteRecursively(root);
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

    /** Worker {@code id} ("worker2") halts abruptly after completing {@code tasks} tasks. */
    public Builder failAfter(String workerId, int tasks) {
      failAfter.put(workerId, tasks);
      return this;
    }

    /** Worker {@code id} crashes (as if SIGKILLed) the first time it reaches {@code point}. */
    public Builder crashAt(String workerId, WorkerHooks.Point point) {
      crashAt.put(workerId, point);
      return this;
    }

    /** Where workers keep local files (default: a fresh temporary directory, deleted after). */
    public Builder workRoot(Path dir) {
      this.workRoot = dir;
      return this;
    }

    public InProcessCluster build() {
      return new InProcessCluster(this);
    }
  }
}
