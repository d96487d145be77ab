package dev.mapreduce.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import dev.mapreduce.core.worker.WorkerNode;
import dev.mapreduce.inprocess.sim.SimJobsAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault injection on the embedded cluster must either do what it says or refuse loudly: faults for
 * workers that do not exist, or that could never fire, are errors; a worker the cluster killed is
 * reported as failed; and a cluster whose workers all died ends on the cluster's (scaled) clock.
 */
class InProcessClusterFaultsTest {
  @TempDir static Path dir;
  static Path input;
  static Map<String, Long> reference;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final EventSink sink = (t, node, d) -> events.add(node + ": " + d);
  // The output directory is shared by the whole class; each job needs a fresh one.
  private static final AtomicInteger jobs = new AtomicInteger();

  @BeforeAll
  static void input() throws IOException {
    input = SimJobsAccess.writeInput(dir, 4, 200);
    reference = SimJobsAccess.reference(input);
  }

  private Job job() {
    return Job.builder("faults")
        .input(input)
        .output(dir.resolve("out-" + jobs.incrementAndGet()))
        .mapper(SimJobsAccess.mapper())
        .reducer(SimJobsAccess.reducer())
        .mapOutput(StringCodec.class, LongCodec.class)
        .reduceTasks(2)
        .splitSize(1024)
        .speculative(false)
        .build();
  }

  // ---- refusing faults that would silently do nothing
  // ---------------------------------------------

  @Test
  void crashAtAnUnknownWorkerIsRefusedNamingTheKnownIds() {
    InProcessCluster.Builder b =
        InProcessCluster.builder().workers(3).crashAt("worker9", Point.MID_MAP);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker9")
        .hasMessageContaining("worker1, worker2, worker3");
  }

  @Test
  void failAfterForAnUnknownWorkerIsRefusedNamingTheKnownIds() {
    InProcessCluster.Builder b = InProcessCluster.builder().workers(2).failAfter("worker3", 2);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker3")
        .hasMessageContaining("worker1, worker2");
  }

  @Test
  void workerIdsAreCheckedAgainstTheFinalWorkerCountWhateverTheOrderOfCalls() {
    // Naming worker4 before asking for 4 workers is fine ...
    InProcessCluster.builder().crashAt("worker4", Point.MID_MAP).workers(4).build();
    // ... and shrinking the cluster below a named worker is not.
    InProcessCluster.Builder shrunk =
        InProcessCluster.builder().crashAt("worker3", Point.MID_MAP).workers(2);
    assertThatThrownBy(shrunk::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker3");
  }

  @Test
  void aSecondCrashPointForTheSameWorkerIsRefusedNotSilentlyReplaced() {
    assertThatThrownBy(
            () ->
                InProcessCluster.builder()
                    .crashAt("worker2", Point.MID_MAP)
                    .crashAt("worker2", Point.BEFORE_COMMIT)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker2")
        .hasMessageContaining("MID_MAP")
        .hasMessageContaining("BEFORE_COMMIT")
        .hasMessageContaining("once");
  }

  @Test
  void aWorkerGetsAtMostOneWayToDie() {
    assertThatThrownBy(
            () ->
                InProcessCluster.builder().failAfter("worker1", 2).failAfter("worker1", 5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker1");
    assertThatThrownBy(
            () ->
                InProcessCluster.builder()
                    .failAfter("worker1", 2)
                    .crashAt("worker1", Point.MID_MAP)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker1");
  }

  @Test
  void failAfterZeroTasksIsRefused() {
    assertThatThrownBy(() -> InProcessCluster.builder().failAfter("worker1", 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker1");
  }

  @Test
  void crashingAnUnknownWorkerOfARunningJobIsRefused() {
    try (InProcessCluster.RunningJob running =
        InProcessCluster.builder()
            .workers(2)
            .timings(Timings.defaults().scaledDown(20))
            .build()
            .start(job())) {
      assertThatThrownBy(() -> running.crash("worker9"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("worker9")
          .hasMessageContaining("worker1, worker2");
      await().atMost(Duration.ofSeconds(60)).until(() -> running.result().isDone());
    }
  }

  // ---- a crashed worker is a failed worker
  // -------------------------------------------------------

  /**
   * With the default 10 s failure timeout, the two survivors finish long before the coordinator
   * could notice the silence, so the coordinator alone never declares the crashed worker failed.
   */
  @ParameterizedTest
  @EnumSource(
      value = Point.class,
      names = {"REGISTERED", "AFTER_MAP_COMPLETED"})
  void aWorkerCrashedBeforeTheJobEndedIsAmongTheFailedWorkers(Point point) throws IOException {
    Job job = job();
    InProcessCluster cluster =
        InProcessCluster.builder().workers(3).events(sink).crashAt("worker2", point).build();
    try (InProcessCluster.RunningJob running = cluster.start(job)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> running.result().isDone());
      JobResult r = running.result().join();
      String trace = r.failureReason().orElse("") + "\n" + String.join("\n", events);
      assertThat(r.succeeded()).as(trace).isTrue();
      assertThat(running.worker("worker2").exit()).isCompletedWithValue(WorkerNode.Exit.CRASHED);
      assertThat(SimJobsAccess.output(job.output())).isEqualTo(reference);
      assertThat(r.failedWorkers()).as(trace).containsExactly("worker2");
    }
  }

  @Test
  void aWorkerCrashedThroughTheRunningJobIsAmongTheFailedWorkers() throws IOException {
    Job job = job();
    try (InProcessCluster.RunningJob running =
        InProcessCluster.builder().workers(3).events(sink).build().start(job)) {
      running.crash("worker3");
      await().atMost(Duration.ofSeconds(60)).until(() -> running.result().isDone());
      JobResult r = running.result().join();
      assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
      assertThat(r.failedWorkers()).containsExactly("worker3");
    }
  }

  @Test
  void aHealthyRunReportsNoFailedWorkers() {
    JobResult r = InProcessCluster.builder().workers(2).build().run(job());
    assertThat(r.succeeded()).isTrue();
    assertThat(r.failedWorkers()).isEmpty();
  }

  // ---- no live worker, on the cluster's clock
  // ----------------------------------------------------

  @Test
  void whenEveryWorkerCrashesTheJobFailsWithinSecondsOnScaledTimings() {
    // Scaled 40x: failure timeout 250 ms, and the job's 120 s no-live-worker wait bounded to 3 s.
    Timings fast = Timings.defaults().scaledDown(40);
    assertThat(fast.noWorkerTimeout()).isEqualTo(Duration.ofSeconds(3));
    InProcessCluster cluster =
        InProcessCluster.builder()
            .workers(2)
            .events(sink)
            .timings(fast)
            .crashAt("worker1", Point.REGISTERED)
            .crashAt("worker2", Point.REGISTERED)
            .build();
    Job job = job();
    assertThat(job.noWorkerTimeout()).isEqualTo(Duration.ofSeconds(120));
    try (InProcessCluster.RunningJob running = cluster.start(job)) {
      assertThat(running.coordinator().job().noWorkerTimeout()).isEqualTo(Duration.ofSeconds(3));
      await().atMost(Duration.ofSeconds(15)).until(() -> running.result().isDone());
      JobResult r = running.result().join();
      assertThat(r.failureReason())
          .hasValueSatisfying(reason -> assertThat(reason).contains("No live worker"));
      assertThat(r.failedWorkers()).containsExactly("worker1", "worker2");
      assertThat(r.duration()).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void timingsBuiltWithoutANoWorkerBoundLeaveTheJobsDefaultWaitAlone() {
    Timings d = Timings.defaults();
    Timings legacy =
        new Timings(
            d.heartbeatInterval(),
            d.failureCheckInterval(),
            d.failureTimeout(),
            d.statusInterval(),
            d.idlePoll(),
            d.rpcTimeout(),
            d.coordinatorLostAfter(),
            d.speculationAfter());
    assertThat(legacy).isEqualTo(d);
    assertThat(d.noWorkerTimeout()).isEqualTo(job().noWorkerTimeout());
  }

  @Test
  void aJobAskingForAShorterNoWorkerWaitThanTheTimingsKeepsItsOwn() {
    InProcessCluster cluster =
        InProcessCluster.builder()
            .workers(1)
            .timings(Timings.defaults().scaledDown(40))
            .crashAt("worker1", Point.REGISTERED)
            .build();
    Job job = job().toBuilder().noWorkerTimeout(Duration.ofMillis(500)).build();
    try (InProcessCluster.RunningJob running = cluster.start(job)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> running.result().isDone());
      assertThat(running.coordinator().job().noWorkerTimeout()).isEqualTo(Duration.ofMillis(500));
      assertThat(running.result().join().failureReason())
          .hasValueSatisfying(reason -> assertThat(reason).contains("No live worker"));
    }
  }
}
