package dev.mapreduce.core.coordinator;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.OutputCommitter;
import dev.mapreduce.core.internal.protocol.CoordinatorService;
import dev.mapreduce.core.internal.protocol.HeartbeatReply;
import dev.mapreduce.core.internal.protocol.HeartbeatRequest;
import dev.mapreduce.core.internal.protocol.RegisterRequest;
import dev.mapreduce.core.internal.protocol.ReportReply;
import dev.mapreduce.core.internal.protocol.TaskReply;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.internal.protocol.TaskRequest;
import dev.mapreduce.core.time.ManualLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A coordinator on a manual loop, driven through its protocol by the test playing the workers: no
 * transport, no threads, no worker code. Reduce "attempts" write their file by hand.
 */
final class CoordinatorHarness {
  public static final class Lines implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long k, String v, Emitter<String, Long> out) {}
  }

  public static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {}
  }

  final ManualLoop loop = new ManualLoop();
  final Coordinator coordinator;
  final CoordinatorService service;
  final Path output;
  final List<JobEvent> events = new ArrayList<>();
  private final Map<String, Long> sequences = new HashMap<>();

  CoordinatorHarness(Path dir, int mapTasks, int reduceTasks) {
    this(dir, mapTasks, reduceTasks, EventSink.NONE);
  }

  /** With {@code sink} receiving every event too (after the harness records it). */
  CoordinatorHarness(Path dir, int mapTasks, int reduceTasks, EventSink sink) {
    this(dir, mapTasks, reduceTasks, sink, false);
  }

  /**
   * {@code oneFile}: the maps are splits of one file of {@code mapTasks} lines (1 byte each split's
   * worth), for jobs with many thousands of tasks.
   */
  CoordinatorHarness(Path dir, int mapTasks, int reduceTasks, EventSink sink, boolean oneFile) {
    try {
      Path in = Files.createDirectories(dir.resolve("in"));
      if (oneFile) {
        Files.writeString(in.resolve("all.txt"), "x".repeat(mapTasks));
      } else {
        for (int i = 0; i < mapTasks; i++) {
          Files.writeString(in.resolve(String.format("f%02d.txt", i)), "line\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    output = dir.resolve("out");
    Job job =
        Job.builder("harness")
            .input(dir.resolve("in"))
            .output(output)
            .mapper(Lines.class)
            .reducer(Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .reduceTasks(reduceTasks)
            .speculative(false)
            .splitSize(oneFile ? 1 : Job.DEFAULT_SPLIT_SIZE)
            .build();
    coordinator =
        new Coordinator(
            job,
            loop,
            loop,
            Timings.defaults(),
            ((EventSink) (t, node, e) -> events.add(e)).and(sink));
    service = coordinator.service();
    coordinator.start();
    loop.runReady();
  }

  <T> T now(CompletableFuture<T> f) {
    loop.runReady();
    return f.getNow(null);
  }

  void register(String worker) {
    now(service.register(new RegisterRequest(worker, worker + ":1", 1)));
  }

  TaskReply ask(String worker) {
    long seq = sequences.merge(worker, 1L, Long::sum);
    return now(service.requestTask(new TaskRequest(worker, seq)));
  }

  /** Asks for work and returns the attempt id it got (fails the test if none). */
  String take(String worker) {
    TaskReply r = ask(worker);
    if (r.map().isPresent()) {
      return r.map().get().attemptId();
    }
    if (r.reduce().isPresent()) {
      return r.reduce().get().attemptId();
    }
    throw new AssertionError(worker + " got no task: " + r + "; events: " + events);
  }

  ReportReply succeed(String worker, String attempt, Map<String, Long> counters) {
    if (attempt.startsWith("r-")) {
      int partition = Integer.parseInt(attempt.substring(2, 7));
      Path f = OutputCommitter.attemptFile(output, attempt, partition);
      try {
        Files.createDirectories(f.getParent());
        Files.writeString(f, "x\t1\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return now(service.report(TaskReport.succeeded(worker, attempt, counters)));
  }

  ReportReply fail(String worker, String attempt) {
    return now(service.report(TaskReport.failed(worker, attempt, "disk error on " + worker)));
  }

  HeartbeatReply heartbeat(String worker, List<String> running) {
    return now(service.heartbeat(new HeartbeatRequest(worker, running)));
  }

  StatusSnapshot status() {
    return now(coordinator.status());
  }

  <E extends JobEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
