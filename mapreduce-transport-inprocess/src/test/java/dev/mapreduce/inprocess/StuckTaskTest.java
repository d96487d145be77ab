package dev.mapreduce.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.events.JobEvent.LocalAttemptStep;
import dev.mapreduce.inprocess.sim.SimJobsAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task body that blocks forever must not hang the job: heartbeats come from the worker's loop, so
 * only a lack of progress can reveal it. A slow body that progresses is never killed.
 */
class StuckTaskTest {
  @TempDir static Path dir;
  static Path input;
  static Map<String, Long> reference;
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();
  private final EventSink sink = (t, node, e) -> events.add(e);

  /**
   * Counts words, except that the first attempt of every task blocks forever, ignoring interrupts.
   */
  public static final class StuckOnFirstAttempt implements Mapper<Long, String, String, Long> {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      if (out.task().attempt() == 1) {
        while (true) {
          try {
            NEVER.await();
          } catch (InterruptedException e) {
            // a hostile body: it does not stop when asked
          }
        }
      }
      for (String w : line.split(" ")) {
        if (!w.isEmpty()) {
          out.emit(w, 1L);
        }
      }
    }
  }

  /** Counts words slowly: a pause per line, far longer in total than the task timeout. */
  public static final class SlowButProgressing implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // simulated work, not a wait
      for (String w : line.split(" ")) {
        if (!w.isEmpty()) {
          out.emit(w, 1L);
        }
      }
    }
  }

  /**
   * Plain string order, but slow while the engine itself merges (a reduce's merge passes, a map's
   * final spill and merge): phases with no user records that still make progress.
   */
  public static final class SlowWhileTheEngineMerges implements Comparator<String> {
    @Override
    public int compare(String a, String b) {
      boolean merging =
          StackWalker.getInstance()
              .walk(
                  frames ->
                      frames.anyMatch(
                          f ->
                              f.getClassName().equals("dev.mapreduce.core.internal.io.MergePasses")
                                  || (f.getClassName()
                                          .equals(
                                              "dev.mapreduce.core.internal.io.MapOutputCollector")
                                      && f.getMethodName().equals("finish"))));
      if (merging) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // simulated work
      }
      return a.compareTo(b);
    }
  }

  @BeforeAll
  static void input() throws IOException {
    input = SimJobsAccess.writeInput(dir, 2, 60);
    reference = SimJobsAccess.reference(input);
  }

  private JobResult run(
      String name, Class<? extends Mapper<?, ?, ?, ?>> mapper, Duration taskTimeout)
      throws IOException {
    return run(name, Job.builder(name).mapper(mapper).splitSize(100_000).taskTimeout(taskTimeout));
  }

  private JobResult run(String name, Job.Builder builder) throws IOException {
    Path out = dir.resolve(name);
    Job job =
        builder
            .input(input)
            .output(out)
            .combiner(SimJobsAccess.reducer())
            .reducer(SimJobsAccess.reducer())
            .mapOutput(StringCodec.class, LongCodec.class)
            .reduceTasks(2)
            .speculative(false)
            .build();
    InProcessCluster cluster =
        InProcessCluster.builder()
            .workers(2)
            .timings(Timings.defaults().scaledDown(20))
            .events(sink)
            .build();
    try (InProcessCluster.RunningJob running = cluster.start(job)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> running.result().isDone());
      JobResult r = running.result().join();
      assertThat(r.succeeded()).as(r.failureReason().orElse("") + "\n" + events).isTrue();
      assertThat(SimJobsAccess.output(out)).isEqualTo(reference);
      return r;
    }
  }

  @Test
  @Timeout(60)
  void aStuckBodyIsKilledAfterTheTaskTimeoutAndRetried() throws IOException {
    run("stuck", StuckOnFirstAttempt.class, Duration.ofMillis(600));
    assertThat(events)
        .filteredOn(
            e -> e instanceof LocalAttemptStep s && s.step() == LocalAttemptStep.Step.TIMED_OUT)
        .isNotEmpty();
    assertThat(events)
        .filteredOn(e -> e instanceof JobEvent.AttemptFailed f && f.error().contains("no progress"))
        .isNotEmpty();
  }

  @Test
  @Timeout(60)
  void aSlowBodyThatProgressesIsNeverKilled() throws IOException {
    run("slow", SlowButProgressing.class, Duration.ofMillis(300));
    assertThat(events)
        .noneMatch(
            e -> e instanceof LocalAttemptStep s && s.step() == LocalAttemptStep.Step.TIMED_OUT);
    assertThat(events).noneMatch(e -> e instanceof JobEvent.AttemptFailed);
  }

  /** The engine's own sorting and merging is progress: a long merge is never killed as stuck. */
  @Test
  @Timeout(90)
  void longMergesAreProgressNotAStuckTask() throws IOException {
    run(
        "merges",
        Job.builder("merges")
            .mapper(SimJobsAccess.mapper())
            .keyOrder(SlowWhileTheEngineMerges.class)
            .splitSize(400)
            .mergeFactor(2)
            .sortBufferBytes(4096)
            .taskTimeout(Duration.ofMillis(400)));
    assertThat(events)
        .noneMatch(
            e -> e instanceof LocalAttemptStep s && s.step() == LocalAttemptStep.Step.TIMED_OUT);
  }
}
