package dev.mapreduce.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.DiskFaults;
import dev.mapreduce.core.internal.io.InputSplit;
import dev.mapreduce.core.internal.protocol.CoordinatorService;
import dev.mapreduce.core.internal.protocol.Directive;
import dev.mapreduce.core.internal.protocol.HeartbeatReply;
import dev.mapreduce.core.internal.protocol.HeartbeatRequest;
import dev.mapreduce.core.internal.protocol.MapAssignment;
import dev.mapreduce.core.internal.protocol.RegisterReply;
import dev.mapreduce.core.internal.protocol.RegisterRequest;
import dev.mapreduce.core.internal.protocol.ReportReply;
import dev.mapreduce.core.internal.protocol.TaskReply;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.internal.protocol.TaskRequest;
import dev.mapreduce.core.time.ManualLoop;
import dev.mapreduce.core.time.TaskRunner;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker against a scripted coordinator, in manual time: no transport, no threads. */
class WorkerNodeTest {
  public static final class Lines implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long k, String v, Emitter<String, Long> out) {}
  }

  public static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {}
  }

  /** Answers as told; remembers reports. */
  static final class ScriptedCoordinator implements CoordinatorService {
    final Map<String, String> job;
    volatile Directive heartbeatDirective = Directive.OK;
    final Queue<TaskReply> tasks = new ConcurrentLinkedQueue<>();
    final List<TaskReport> reports = new ArrayList<>();

    ScriptedCoordinator(Map<String, String> job) {
      this.job = job;
    }

    @Override
    public CompletableFuture<RegisterReply> register(RegisterRequest req) {
      return CompletableFuture.completedFuture(new RegisterReply(true, job, 3000));
    }

    @Override
    public CompletableFuture<HeartbeatReply> heartbeat(HeartbeatRequest req) {
      return CompletableFuture.completedFuture(new HeartbeatReply(heartbeatDirective, List.of()));
    }

    @Override
    public CompletableFuture<TaskReply> requestTask(TaskRequest req) {
      TaskReply next = tasks.poll();
      return CompletableFuture.completedFuture(next != null ? next : TaskReply.waitFor(1000));
    }

    @Override
    public CompletableFuture<ReportReply> report(TaskReport req) {
      reports.add(req);
      return CompletableFuture.completedFuture(new ReportReply(Directive.OK, true));
    }
  }

  @TempDir Path dir;
  private final ManualLoop loop = new ManualLoop();
  private final List<JobEvent> events = new ArrayList<>();
  private ScriptedCoordinator coordinator;

  private static final TaskRunner INLINE =
      new TaskRunner() {
        @Override
        public <T> CompletableFuture<T> run(
            String taskName, java.util.concurrent.Callable<T> body) {
          try {
            return CompletableFuture.completedFuture(body.call());
          } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
          }
        }

        @Override
        public void shutdown() {}
      };

  private WorkerNode worker(String id, WorkerOptions options) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.txt"), "a b\n");
    Job job =
        Job.builder("w")
            .input(in)
            .output(dir.resolve("out"))
            .mapper(Lines.class)
            .reducer(Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .build();
    coordinator = new ScriptedCoordinator(job.toDescriptor());
    return new WorkerNode(
        id,
        id + ":1",
        coordinator,
        (addr, req) -> new CompletableFuture<>(),
        loop,
        INLINE,
        loop,
        Timings.defaults(),
        options,
        (t, node, e) -> events.add(e));
  }

  private static List<String> names(Path p) throws Exception {
    try (var s = Files.list(p)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** The worker used to hang here: the delete threw UncheckedIOException inside terminate(). */
  @Test
  void aWorkerToldTheJobIsOverExitsEvenIfDeletingItsFilesThrows() throws Exception {
    DiskFaults vanishing =
        (op, node, path) -> {
          if (op == DiskFaults.Op.DELETE) {
            throw new UncheckedIOException(new NoSuchFileException(path.toString()));
          }
        };
    WorkerNode w = worker("w1", WorkerOptions.in(dir.resolve("work")).withDiskFaults(vanishing));
    w.start();
    loop.runReady();
    coordinator.heartbeatDirective = Directive.JOB_DONE;
    loop.advance(Duration.ofSeconds(4));
    assertThat(w.exit()).isCompletedWithValue(WorkerNode.Exit.JOB_DONE);
    assertThat(loop.isShutDown()).isTrue();
  }

  @Test
  void anExceptionOnItsLoopStopsTheWorkerWithTheReasonInsteadOfHanging() throws Exception {
    WorkerHooks broken =
        (worker, point, attempt) -> {
          throw new IllegalStateException("bug at " + point);
        };
    WorkerNode w = worker("w1", WorkerOptions.in(dir.resolve("work")).withHooks(broken));
    w.start();
    loop.runReady();
    assertThat(w.exit()).isCompletedWithValue(WorkerNode.Exit.FAILED);
    assertThat(events)
        .anyMatch(
            e ->
                e instanceof JobEvent.WorkerStep s
                    && s.step() == JobEvent.WorkerStep.Step.INTERNAL_ERROR
                    && s.detail().contains("bug at REGISTERED"));
  }

  @Test
  void itDeletesOnlyWhatItCreatedInTheWorkDir() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("notes.txt"), "mine");
    WorkerNode w = worker("w1", WorkerOptions.in(work));
    w.start();
    loop.runReady();
    assertThat(names(work)).hasSize(2).contains("notes.txt");
    coordinator.heartbeatDirective = Directive.JOB_DONE;
    loop.advance(Duration.ofSeconds(4));
    assertThat(w.exit()).isCompletedWithValue(WorkerNode.Exit.JOB_DONE);
    assertThat(names(work)).containsExactly("notes.txt");
  }

  @Test
  void aCrashLeavesItsFilesAndARestartOnTheSameDiskCleansThem() throws Exception {
    Path work = dir.resolve("work");
    WorkerNode first = worker("w1", WorkerOptions.in(work));
    first.start();
    loop.runReady();
    first.crash();
    loop.runReady();
    assertThat(first.exit()).isCompletedWithValue(WorkerNode.Exit.CRASHED);
    List<String> left = names(work);
    assertThat(left).hasSize(1);
    ManualLoop restartLoop = new ManualLoop();
    WorkerNode second =
        new WorkerNode(
            "w1",
            "w1:1",
            coordinator,
            (a, r) -> new CompletableFuture<>(),
            restartLoop,
            INLINE,
            restartLoop,
            Timings.defaults(),
            WorkerOptions.in(work),
            (t, n, e) -> {});
    second.start();
    assertThat(names(work)).hasSize(1).doesNotContainAnyElementsOf(left);
  }

  /**
   * An absolute attempt id used to make the worker delete whatever directory it named, once the
   * attempt failed (here: its input is missing).
   */
  @Test
  void aHostileAttemptIdIsRefusedAndDeletesNothing() throws Exception {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("precious.txt"), "keep me");
    WorkerNode w = worker("w1", WorkerOptions.in(dir.resolve("work")));
    coordinator.tasks.add(
        TaskReply.of(
            new MapAssignment(
                victim.toString(),
                0,
                1,
                new InputSplit(dir.resolve("in/missing.txt").toString(), 0, 4))));
    w.start();
    loop.runReady();
    assertThat(victim.resolve("precious.txt")).hasContent("keep me");
    assertThat(coordinator.reports)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.error())
                    .hasValueSatisfying(e -> assertThat(e).contains("invalid attempt id")));
  }
}
