package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.TaskInfo;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.events.JobEvent.LocalAttemptStep;
import dev.mapreduce.core.events.JobEvent.WorkerStep;
import dev.mapreduce.core.events.JobEvent.WorkerStep.Step;
import dev.mapreduce.core.io.MapOutputFile;
import dev.mapreduce.core.io.FileTrees;
import dev.mapreduce.core.protocol.AttemptIds;
import dev.mapreduce.core.protocol.CoordinatorService;
import dev.mapreduce.core.protocol.Directive;
import dev.mapreduce.core.protocol.FetchReply;
import dev.mapreduce.core.protocol.FetchRequest;
import dev.mapreduce.core.protocol.HeartbeatReply;
import dev.mapreduce.core.protocol.HeartbeatRequest;
import dev.mapreduce.core.protocol.MapAssignment;
import dev.mapreduce.core.protocol.MapOutputLocation;
import dev.mapreduce.core.protocol.ReduceAssignment;
import dev.mapreduce.core.protocol.RegisterReply;
import dev.mapreduce.core.protocol.RegisterRequest;
import dev.mapreduce.core.protocol.ReportReply;
import dev.mapreduce.core.protocol.ShuffleClient;
import dev.mapreduce.core.protocol.ShuffleService;
import dev.mapreduce.core.protocol.TaskReply;
import dev.mapreduce.core.protocol.TaskReport;
import dev.mapreduce.core.protocol.TaskRequest;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.EventLoop;
import dev.mapreduce.core.time.TaskRunner;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: registers, heartbeats, asks for tasks, runs map and reduce attempts on its {@link
 * TaskRunner}, serves its map outputs to reducers and reports results. Its state lives on its
 * {@link EventLoop}; calls to the coordinator are asynchronous, time out and are retried.
 */
public final class WorkerNode {
  private static final Logger log = LoggerFactory.getLogger(WorkerNode.class);
  private static final int FETCH_CHUNK = 1 << 20;
  private static final int FETCH_RETRIES = 2;

  /** Why a worker stopped. */
  public enum Exit {
    JOB_DONE,
    COORDINATOR_LOST,
    CRASHED,
    HALTED,
    /** An internal error: an exception escaped the worker's loop (logged with its cause). */
    FAILED
  }

  private final String id;
  private final String shuffleAddress;
  private final CoordinatorService coordinator;
  private final ShuffleClient shuffle;
  private final EventLoop loop;
  private final TaskRunner runner;
  private final Clock clock;
  private final Timings timings;
  private final WorkerOptions options;
  private final EventSink events;
  private final CompletableFuture<Exit> exit = new CompletableFuture<>();
  private final Map<String, MapOutputFile> mapOutputs = new HashMap<>();

  private int generation;
  private long incarnation;
  private long requestSequence;
  private long lastReplyMillis;
  private Job job;
  private Map<String, String> jobDescriptor = Map.of();
  private EventLoop.Cancellable heartbeatTimer;
  private Optional<AttemptContext> current = Optional.empty();
  private int tasksReported;
  private WorkDirectory workDirectory;
  private volatile boolean stopped;
  private volatile String lastError = "";
  private volatile boolean everAccepted;

  public WorkerNode(
      String id,
      String shuffleAddress,
      CoordinatorService coordinator,
      ShuffleClient shuffle,
      EventLoop loop,
      TaskRunner runner,
      Clock clock,
      Timings timings,
      WorkerOptions options,
      EventSink events) {
    this.id = id;
    this.shuffleAddress = shuffleAddress;
    this.coordinator = coordinator;
    this.shuffle = shuffle;
    this.loop = loop;
    this.runner = runner;
    this.clock = clock;
    this.timings = timings;
    this.options = options;
    this.events = events;
  }

  public String id() {
    return id;
  }

  /** The service a transport exposes at this worker's shuffle address. */
  public ShuffleService shuffleService() {
    return this::serveFetch;
  }

  /** The last error seen talking to the coordinator (empty if none): why it may be unreachable. */
  public String lastCoordinatorError() {
    return lastError;
  }

  /** True once a coordinator has accepted this worker (false if it only ever heard "job over"). */
  public boolean everAccepted() {
    return everAccepted;
  }

  /** Completes when the worker stops, with the reason. */
  public CompletableFuture<Exit> exit() {
    return exit;
  }

  /**
   * Claims a fresh directory under the work dir (cleaning this worker name's dead ones) and starts
   * registering. Throws if the work dir cannot be used.
   */
  public void start() {
    workDirectory = WorkDirectory.claim(options.workDir(), id);
    loop.onFailure(this::failOnLoop);
    loop.execute(
        () -> {
          lastReplyMillis = clock.millis();
          register();
        });
  }

  /** Dies abruptly, as a killed process would: no goodbye, and its map outputs are gone. */
  public void crash() {
    if (stopped) {
      return;
    }
    step(Step.CRASHED, "");
    terminate(Exit.CRASHED);
  }

  /** Stops politely (used by embedded clusters at shutdown). */
  public void stop() {
    loop.execute(() -> terminate(Exit.JOB_DONE));
  }

  // ---- registration and heartbeats --------------------------------------------------------------

  private void register() {
    generation++;
    incarnation = clock.millis() * 1000 + generation;
    int gen = generation;
    RegisterRequest req = new RegisterRequest(id, shuffleAddress, incarnation);
    callWithRetry(
        "register",
        gen,
        () -> coordinator.register(req),
        reply -> onRegistered(gen, reply));
  }

  private void onRegistered(int gen, RegisterReply reply) {
    if (!reply.accepted()) {
      step(Step.TOLD_JOB_OVER, "registration refused");
      terminate(Exit.JOB_DONE);
      return;
    }
    if (job == null || !jobDescriptor.equals(reply.job())) {
      try {
        job = Job.fromDescriptor(reply.job(), Thread.currentThread().getContextClassLoader());
        jobDescriptor = reply.job();
      } catch (RuntimeException e) {
        log.error("{} cannot load the job: {}", id, e.getMessage());
        step(Step.CANNOT_LOAD_JOB, e.getMessage());
        terminate(Exit.COORDINATOR_LOST);
        return;
      }
    }
    everAccepted = true;
    step(Step.REGISTERED, "");
    if (heartbeatTimer != null) {
      heartbeatTimer.cancel();
    }
    heartbeatTimer =
        loop.scheduleEvery(Duration.ofMillis(reply.heartbeatIntervalMillis()), this::sendHeartbeat);
    hook(Point.REGISTERED, "");
    if (stopped) {
      return;
    }
    requestTask(gen);
  }

  private boolean isCurrent(AttemptContext ctx) {
    return current.filter(c -> c == ctx).isPresent();
  }

  /**
   * Kills the current attempt if it made no progress for the job's task timeout: its body may be
   * blocked forever, and the heartbeats from this loop would otherwise keep it alive. It is
   * reported as failed (so the task is retried, elsewhere if possible); the stuck thread is
   * interrupted and abandoned, and the next attempt runs on a fresh one.
   */
  private void checkProgress() {
    if (current.isEmpty() || job == null) {
      return;
    }
    AttemptContext ctx = current.get();
    long idle = ctx.millisWithoutProgress(clock.millis());
    if (idle < job.taskTimeout().toMillis()) {
      return;
    }
    current = Optional.empty();
    ctx.kill();
    String why = "no progress for " + idle + " ms (task timeout " + job.taskTimeout() + ")";
    attemptStep(ctx.attemptId, LocalAttemptStep.Step.TIMED_OUT, why);
    deleteAttemptDir(generation, ctx.attemptId);
    report(generation, TaskReport.failed(id, ctx.attemptId, "killed: " + why), () -> {});
  }

  private void sendHeartbeat() {
    checkProgress();
    int gen = generation;
    List<String> running = current.map(c -> List.of(c.attemptId)).orElse(List.of());
    CompletableFuture<HeartbeatReply> f = coordinator.heartbeat(new HeartbeatRequest(id, running));
    withTimeout(f)
        .whenCompleteAsync(
            (reply, error) -> {
              if (stopped || gen != generation) {
                return;
              }
              if (error != null) {
                checkCoordinatorLost();
                return;
              }
              lastReplyMillis = clock.millis();
              onDirective(reply.directive());
              for (String a : reply.abortAttempts()) {
                current
                    .filter(c -> c.attemptId.equals(a))
                    .ifPresent(
                        c -> {
                          attemptStep(a, LocalAttemptStep.Step.ABORTED, "the coordinator no longer wants it");
                          c.abort();
                        });
              }
            },
            loop);
  }

  /** Returns true if the directive ended this generation (the caller must stop). */
  private boolean onDirective(Directive d) {
    switch (d) {
      case OK -> {
        return false;
      }
      case JOB_DONE -> {
        step(Step.TOLD_JOB_OVER, "");
        terminate(Exit.JOB_DONE);
        return true;
      }
      case REREGISTER -> {
        step(Step.TOLD_TO_REREGISTER, "dropping local state");
        dropLocalState();
        register();
        return true;
      }
    }
    return false;
  }

  // ---- tasks ------------------------------------------------------------------------------------

  private void requestTask(int gen) {
    long seq = ++requestSequence;
    callWithRetry(
        "task request",
        gen,
        () -> coordinator.requestTask(new TaskRequest(id, seq)),
        reply -> onTaskReply(gen, reply));
  }

  private void onTaskReply(int gen, TaskReply reply) {
    if (onDirective(reply.directive())) {
      return;
    }
    if (reply.map().isPresent()) {
      runMap(gen, reply.map().get());
    } else if (reply.reduce().isPresent()) {
      runReduce(gen, reply.reduce().get());
    } else {
      loop.schedule(
          Duration.ofMillis(Math.max(1, reply.retryAfterMillis())),
          () -> {
            if (!stopped && gen == generation) {
              requestTask(gen);
            }
          });
    }
  }

  private void runMap(int gen, MapAssignment a) {
    AttemptContext ctx =
        new AttemptContext(
            a.attemptId(),
            new TaskInfo(
                String.format("m-%05d", a.taskIndex()), a.attempt(), Optional.of(a.split().file()),
                job.configuration()));
    current = Optional.of(ctx);
    Path dir;
    try {
      dir = attemptDir(gen, a.attemptId());
    } catch (IOException e) {
      finishFailed(gen, ctx, e);
      return;
    }
    attemptStep(a.attemptId(), LocalAttemptStep.Step.STARTED, "map of split " + a.taskIndex());
    Job j = job;
    CompletableFuture<MapOutputFile> body =
        runner.run(a.attemptId(), () -> ctx.runBody(() -> MapTask.run(j, a.split(), dir, ctx)));
    hook(Point.MID_MAP, a.attemptId());
    body.whenCompleteAsync(
        (file, error) -> {
          if (stopped || gen != generation || !isCurrent(ctx)) {
            return; // the worker moved on (e.g. the attempt timed out): nothing to report
          }
          current = Optional.empty();
          if (error != null) {
            finishFailed(gen, ctx, error);
            return;
          }
          mapOutputs.put(a.attemptId(), file);
          report(
              gen,
              TaskReport.succeeded(id, a.attemptId(), ctx.counters.snapshot()),
              () -> hook(Point.AFTER_MAP_COMPLETED, a.attemptId()));
        },
        loop);
  }

  private void runReduce(int gen, ReduceAssignment a) {
    AttemptContext ctx =
        new AttemptContext(
            a.attemptId(),
            new TaskInfo(String.format("r-%05d", a.partition()), a.attempt(), Optional.empty(),
                job.configuration()));
    current = Optional.of(ctx);
    Path dir;
    try {
      dir = attemptDir(gen, a.attemptId());
    } catch (IOException e) {
      finishFailed(gen, ctx, e);
      return;
    }
    attemptStep(a.attemptId(), LocalAttemptStep.Step.STARTED,
        "reduce, fetching from " + a.sources().size() + " map outputs");
    new Fetcher(gen, a, ctx, dir).start();
  }

  private void afterFetch(int gen, ReduceAssignment a, AttemptContext ctx, List<Path> runs) {
    Job j = job;
    CompletableFuture<Void> body =
        runner.run(
            a.attemptId(),
            () ->
                ctx.runBody(
                    () -> {
                      ReduceTask.run(j, a.partition(), runs, ctx);
                      return null;
                    }));
    hook(Point.MID_REDUCE, a.attemptId());
    body.whenCompleteAsync(
        (ignored, error) -> {
          if (stopped || gen != generation || !isCurrent(ctx)) {
            return;
          }
          current = Optional.empty();
          deleteAttemptDir(gen, a.attemptId());
          if (error != null) {
            finishFailed(gen, ctx, error);
            return;
          }
          hook(Point.BEFORE_COMMIT, a.attemptId());
          if (stopped) {
            return;
          }
          report(gen, TaskReport.succeeded(id, a.attemptId(), ctx.counters.snapshot()), () -> {});
        },
        loop);
  }

  private void finishFailed(int gen, AttemptContext ctx, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof AttemptAbortedException) {
      deleteAttemptDir(gen, ctx.attemptId);
      requestTask(gen);
      return;
    }
    String message = describe(cause);
    attemptStep(ctx.attemptId, LocalAttemptStep.Step.FAILED, message);
    deleteAttemptDir(gen, ctx.attemptId);
    report(gen, TaskReport.failed(id, ctx.attemptId, message), () -> {});
  }

  private void report(int gen, TaskReport report, Runnable afterAck) {
    callWithRetry(
        "report of " + report.attemptId(),
        gen,
        () -> coordinator.report(report),
        (ReportReply reply) -> {
          if (onDirective(reply.directive())) {
            return;
          }
          if (report.outcome() == TaskReport.Outcome.SUCCEEDED) {
            tasksReported++;
            attemptStep(report.attemptId(), LocalAttemptStep.Step.REPORTED, "");
          }
          afterAck.run();
          if (stopped) {
            return;
          }
          if (options.failAfter().isPresent() && tasksReported >= options.failAfter().getAsInt()) {
            step(Step.HALTED, "after " + tasksReported + " tasks (--fail-after)");
            options.halt().run();
            terminate(Exit.HALTED);
            return;
          }
          requestTask(gen);
        });
  }

  // ---- shuffle ----------------------------------------------------------------------------------

  private CompletableFuture<FetchReply> serveFetch(FetchRequest req) {
    CompletableFuture<FetchReply> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          MapOutputFile file = mapOutputs.get(req.mapAttemptId());
          if (stopped || file == null || req.partition() < 0 || req.partition() >= file.partitions()) {
            f.complete(FetchReply.notFound());
            return;
          }
          try {
            int max = Math.max(1, Math.min(req.maxBytes(), FETCH_CHUNK * 4));
            byte[] data = file.readChunk(req.partition(), req.offset(), max);
            f.complete(new FetchReply(true, data, file.partitionLength(req.partition())));
          } catch (IOException e) {
            f.complete(FetchReply.notFound());
          }
        });
    return f;
  }

  /** Fetches one reduce partition from every map output, a few outputs at a time. */
  private final class Fetcher {
    private final int gen;
    private final ReduceAssignment a;
    private final AttemptContext ctx;
    private final Path dir;
    private final List<Path> runs = new ArrayList<>();
    private int next;
    private int inFlight;
    private boolean failed;
    private boolean firstChunkSeen;
    private long bytes;

    Fetcher(int gen, ReduceAssignment a, AttemptContext ctx, Path dir) {
      this.gen = gen;
      this.a = a;
      this.ctx = ctx;
      this.dir = dir;
    }

    void start() {
      for (int i = 0; i < a.sources().size(); i++) {
        runs.add(dir.resolve(String.format("from-m-%05d.run", a.sources().get(i).mapTaskIndex())));
      }
      pump();
    }

    private boolean live() {
      return !stopped && gen == generation && !failed && !ctx.aborted() && isCurrent(ctx);
    }

    private void pump() {
      if (!live()) {
        if (ctx.aborted() && !failed && !stopped && gen == generation && isCurrent(ctx)) {
          failed = true;
          current = Optional.empty();
          finishFailed(gen, ctx, new AttemptAbortedException(ctx.attemptId));
        }
        return;
      }
      while (inFlight < options.fetchParallelism() && next < a.sources().size()) {
        int i = next++;
        inFlight++;
        fetch(i, 0, 0);
      }
      if (inFlight == 0 && next == a.sources().size()) {
        ctx.counters.add(dev.mapreduce.core.api.Counters.SHUFFLE_BYTES, bytes);
        afterFetch(gen, a, ctx, runs);
      }
    }

    private void fetch(int i, long offset, int retries) {
      MapOutputLocation src = a.sources().get(i);
      FetchRequest req = new FetchRequest(src.mapAttemptId(), a.partition(), offset, FETCH_CHUNK);
      withTimeout(shuffle.fetch(src.shuffleAddress(), req))
          .whenCompleteAsync(
              (reply, error) -> {
                if (!live()) {
                  pump();
                  return;
                }
                if (error != null || !reply.found()) {
                  String why =
                      error != null ? describe(unwrap(error)) : "map output not found at " + src.workerId();
                  if (retries < FETCH_RETRIES && error != null) {
                    loop.schedule(timings.idlePoll(), () -> fetch(i, offset, retries + 1));
                    return;
                  }
                  failed = true;
                  current = Optional.empty();
                  deleteQuietly(dir);
                  attemptStep(a.attemptId(), LocalAttemptStep.Step.FETCH_FAILED, "from " + src.workerId() + ": " + why);
                  report(
                      gen,
                      TaskReport.fetchFailed(id, a.attemptId(), src.mapAttemptId(), why),
                      () -> {});
                  return;
                }
                // The first chunk creates the run file and fails if one is there; later chunks
                // append only to the file this attempt created.
                StandardOpenOption mode =
                    offset == 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.APPEND;
                try (OutputStream out =
                    Files.newOutputStream(runs.get(i), mode, StandardOpenOption.WRITE)) {
                  out.write(reply.data());
                } catch (IOException e) {
                  failed = true;
                  current = Optional.empty();
                  finishFailed(gen, ctx, e);
                  return;
                }
                bytes += reply.data().length;
                ctx.progress();
                if (!firstChunkSeen) {
                  firstChunkSeen = true;
                  hook(Point.MID_FETCH, a.attemptId());
                  if (stopped) {
                    return;
                  }
                }
                long got = offset + reply.data().length;
                if (got < reply.partitionLength() && reply.data().length > 0) {
                  fetch(i, got, 0);
                } else {
                  inFlight--;
                  pump();
                }
              },
              loop);
    }
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  /** Sends a call, retrying after a timeout or error until it is answered or this generation ends. */
  private <T> void callWithRetry(
      String what, int gen, Supplier<CompletableFuture<T>> send, Consumer<T> onReply) {
    if (stopped || gen != generation) {
      return;
    }
    withTimeout(send.get())
        .whenCompleteAsync(
            (reply, error) -> {
              if (stopped || gen != generation) {
                return;
              }
              if (error != null) {
                lastError = describe(unwrap(error));
                if (checkCoordinatorLost()) {
                  return;
                }
                loop.schedule(timings.idlePoll(), () -> callWithRetry(what, gen, send, onReply));
                return;
              }
              lastReplyMillis = clock.millis();
              onReply.accept(reply);
            },
            loop);
  }

  private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> f) {
    CompletableFuture<T> out = new CompletableFuture<>();
    EventLoop.Cancellable timer =
        loop.schedule(
            timings.rpcTimeout(),
            () -> out.completeExceptionally(new java.util.concurrent.TimeoutException("no reply")));
    f.whenComplete(
        (v, e) -> {
          timer.cancel();
          if (e != null) {
            out.completeExceptionally(e);
          } else {
            out.complete(v);
          }
        });
    return out;
  }

  private boolean checkCoordinatorLost() {
    long silent = clock.millis() - lastReplyMillis;
    if (silent >= timings.coordinatorLostAfter().toMillis()) {
      step(Step.COORDINATOR_LOST, "unreachable for " + silent + " ms, giving up"
          + (lastError.isEmpty() ? "" : " (last error: " + lastError + ")"));
      terminate(Exit.COORDINATOR_LOST);
      return true;
    }
    return false;
  }

  private void hook(Point point, String attemptId) {
    if (!stopped) {
      options.hooks().reached(id, point, attemptId);
    }
  }

  /** A fresh directory for one attempt in this session; never one an earlier job left. */
  private Path attemptDir(int gen, String attemptId) throws IOException {
    Path dir = workDirectory.session(gen).resolve(AttemptIds.requireValid(attemptId));
    Files.createDirectory(dir);
    return dir;
  }

  private void deleteAttemptDir(int gen, String attemptId) {
    if (AttemptIds.isValid(attemptId)) {
      FileTrees.deleteQuietly(workDirectory.root().resolve("session-" + gen).resolve(attemptId));
    }
  }

  private void dropLocalState() {
    current.ifPresent(AttemptContext::abort);
    current = Optional.empty();
    mapOutputs.clear();
    if (workDirectory != null) {
      workDirectory.dropSession(generation);
    }
  }

  /**
   * Stops the worker for good. Whatever cleanup throws, the loop and the task runner are shut
   * down and {@link #exit()} completes: a worker told to stop never hangs.
   */
  private void terminate(Exit why) {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (heartbeatTimer != null) {
        heartbeatTimer.cancel();
      }
      dropLocalState();
      if (workDirectory != null) {
        workDirectory.release();
      }
    } catch (RuntimeException e) {
      log.error("{}: cleanup at exit failed", id, e);
    } finally {
      loop.shutdown();
      runner.shutdown();
      exit.complete(why);
    }
  }

  /** An exception escaped a task on this worker's loop: a bug. Stop loudly instead of hanging. */
  private void failOnLoop(Throwable error) {
    log.error("{}: unexpected error on its event loop; the worker stops", id, error);
    step(Step.INTERNAL_ERROR, describe(error));
    terminate(Exit.FAILED);
  }

  private void step(Step step, String detail) {
    emit(new WorkerStep(id, step, detail));
  }

  private void attemptStep(String attemptId, LocalAttemptStep.Step step, String detail) {
    emit(new LocalAttemptStep(id, attemptId, step, detail));
  }

  private void emit(JobEvent e) {
    switch (e.level()) {
      case DEBUG -> log.debug(e.describe());
      case INFO -> log.info(e.describe());
      case WARN -> log.warn(e.describe());
      case ERROR -> log.error(e.describe());
    }
    events.event(clock.millis(), id, e);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t.toString());
    Throwable c = t.getCause();
    while (c != null && c != t) {
      b.append(" caused by ").append(c);
      t = c;
      c = c.getCause();
    }
    return b.toString();
  }

  private static void deleteQuietly(Path p) {
    FileTrees.deleteQuietly(p);
  }
}
