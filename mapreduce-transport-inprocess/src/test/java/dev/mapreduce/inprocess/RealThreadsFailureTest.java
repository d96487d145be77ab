package dev.mapreduce.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.worker.WorkerHooks;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import dev.mapreduce.inprocess.sim.SimJobsAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main failure scenarios again with real threads and real time (timings shortened 20x: a worker
 * is FAILED after 500 ms of silence), to catch races a single-threaded simulation cannot.
 */
class RealThreadsFailureTest {
  @TempDir static Path dir;
  static Path input;
  static Map<String, Long> reference;
  private static final Timings FAST = Timings.defaults().scaledDown(20);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<JobEvent> typed = new CopyOnWriteArrayList<>();
  private final EventSink sink =
      (t, node, e) -> {
        events.add(node + ": " + e.describe());
        typed.add(e);
      };

  @BeforeAll
  static void input() throws IOException {
    input = SimJobsAccess.writeInput(dir, 6, 400);
    reference = SimJobsAccess.reference(input);
  }

  private JobResult runToEnd(InProcessCluster cluster, String name) throws IOException {
    return runToEnd(cluster, name, j -> {});
  }

  private JobResult runToEnd(
      InProcessCluster cluster, String name, Consumer<InProcessCluster.RunningJob> started)
      throws IOException {
    Path out = dir.resolve(name);
    Job job =
        Job.builder(name)
            .input(input)
            .output(out)
            .mapper(SimJobsAccess.mapper())
            .combiner(SimJobsAccess.reducer())
            .reducer(SimJobsAccess.reducer())
            .mapOutput(StringCodec.class, LongCodec.class)
            .reduceTasks(3)
            .splitSize(1024)
            .speculative(false) // recovery must come from failure detection here
            .build();
    try (InProcessCluster.RunningJob running = cluster.start(job)) {
      started.accept(running);
      await().atMost(Duration.ofSeconds(60)).until(() -> running.result().isDone());
      JobResult result = running.result().join();
      assertThat(result.succeeded())
          .as(result.failureReason().orElse("") + "\n" + String.join("\n", events))
          .isTrue();
      assertThat(SimJobsAccess.output(out)).isEqualTo(reference);
      return result;
    }
  }

  private InProcessCluster.Builder cluster() {
    return InProcessCluster.builder().workers(3).timings(FAST).events(sink);
  }

  @Test
  void oneWorkerKilledMidMap() throws IOException {
    JobResult r = runToEnd(cluster().crashAt("worker2", Point.MID_MAP).build(), "one-killed");
    assertThat(r.failedWorkers()).containsExactly("worker2");
    assertThat(typed)
        .anyMatch(e -> e instanceof JobEvent.WorkerFailed f && f.worker().equals("worker2"));
  }

  @Test
  void twoOfThreeKilledAtDifferentPoints() throws IOException {
    JobResult r =
        runToEnd(
            cluster()
                .crashAt("worker1", Point.MID_MAP)
                .crashAt("worker3", Point.AFTER_MAP_COMPLETED)
                .build(),
            "two-killed");
    assertThat(r.failedWorkers()).containsExactlyInAnyOrder("worker1", "worker3");
  }

  @Test
  void killedMidFetchAndMidReduce() throws IOException {
    // Whichever worker first fetches dies mid-fetch; the first other one to reduce dies mid-reduce.
    AtomicReference<InProcessCluster.RunningJob> job = new AtomicReference<>();
    Set<String> crashed = ConcurrentHashMap.newKeySet();
    WorkerHooks hooks =
        (worker, point, attempt) -> {
          boolean fetchVictim = point == Point.MID_FETCH && crashed.isEmpty();
          boolean reduceVictim =
              point == Point.MID_REDUCE && crashed.size() == 1 && !crashed.contains(worker);
          if ((fetchVictim || reduceVictim) && crashed.add(worker)) {
            job.get().crash(worker);
          }
        };
    JobResult r = runToEnd(cluster().hooks(hooks).build(), "reduce-killed", job::set);
    assertThat(crashed).hasSize(2);
    assertThat(r.failedWorkers()).containsExactlyInAnyOrderElementsOf(crashed);
  }

  @Test
  void aWorkerThatFailsAfterTwoTasks() throws IOException {
    JobResult r = runToEnd(cluster().failAfter("worker3", 2).build(), "unstable");
    assertThat(typed)
        .anyMatch(
            e ->
                e instanceof JobEvent.WorkerStep s
                    && s.worker().equals("worker3")
                    && s.step() == JobEvent.WorkerStep.Step.HALTED);
    // Its lost map outputs were recovered either by failure detection or by fetch failures.
    assertThat(
            r.failedWorkers().contains("worker3")
                || typed.stream().anyMatch(e -> e instanceof JobEvent.MapOutputLost))
        .isTrue();
  }
}
