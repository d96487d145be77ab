package dev.mapreduce.inprocess.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.OutputCommitter;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Python prototype's scenarios, in virtual time with the prototype's default timings. */
class SeedScenariosTest {
  @TempDir static Path dir;
  static Path input;
  static Map<String, Long> reference;
  private int runs;

  @BeforeAll
  static void input() throws IOException {
    input = SimJobs.writeInput(dir, 6, 400);
    reference = SimJobs.reference(input);
  }

  private SimulationResult simulate(long seed, FaultPlan plan) throws IOException {
    Path out = dir.resolve("out-" + seed + "-" + (runs++));
    SimulationResult r =
        Simulation.builder(SimJobs.job(input, out))
            .seed(seed)
            .workers(3)
            .faults(plan)
            .taskMillis(2_000, 3_000)
            .reference(reference)
            .build()
            .run();
    assertThat(r.hung()).as("hung:\n" + r.traceTail(40)).isFalse();
    JobResult job = r.result().orElseThrow();
    assertThat(job.succeeded())
        .as(job.failureReason().orElse("") + "\n" + r.traceTail(40))
        .isTrue();
    assertThat(SimJobs.output(out)).isEqualTo(reference);
    assertThat(out.resolve(OutputCommitter.SUCCESS)).exists();
    return r;
  }

  private static long timeOf(SimulationResult r, String node, String text) {
    return r.trace().stream()
        .filter(e -> e.node().equals(node) && e.description().contains(text))
        .mapToLong(TraceEvent::timeMillis)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no '" + text + "' from " + node + " in\n" + r.traceTail(60)));
  }

  private static Optional<TraceEvent> find(SimulationResult r, String node, String text) {
    return r.trace().stream()
        .filter(e -> e.node().equals(node) && e.description().contains(text))
        .findFirst();
  }

  /** The first event of a type that matches, with when it happened. */
  private static <E extends JobEvent> Optional<TraceEvent> first(
      SimulationResult r, Class<E> type, Predicate<E> match) {
    return r.trace().stream()
        .filter(e -> type.isInstance(e.event()) && match.test(type.cast(e.event())))
        .findFirst();
  }

  private static Optional<TraceEvent> failed(SimulationResult r, String worker) {
    return first(r, JobEvent.WorkerFailed.class, f -> f.worker().equals(worker));
  }

  private static long failedAt(SimulationResult r, String worker) {
    return failed(r, worker)
        .orElseThrow(() -> new AssertionError(worker + " never FAILED in\n" + r.traceTail(60)))
        .timeMillis();
  }

  private static boolean anyFailure(TraceEvent e) {
    return e.event() instanceof JobEvent.WorkerFailed
        || e.event() instanceof JobEvent.AttemptFailed
        || e.event() instanceof JobEvent.JobFailed;
  }

  @Test
  void scenario1NormalOperation() throws IOException {
    SimulationResult r = simulate(1, FaultPlan.none());
    assertThat(r.trace()).noneMatch(SeedScenariosTest::anyFailure);
    assertThat(r.result().orElseThrow().reassignments()).isZero();
    for (String w : new String[] {"worker1", "worker2", "worker3"}) {
      assertThat(first(r, JobEvent.WorkerRegistered.class, e -> e.worker().equals(w))).isPresent();
    }
  }

  @Test
  void scenario2OneWorkerKilledDuringExecution() throws IOException {
    SimulationResult r =
        simulate(2, FaultPlan.of(new Fault.CrashAtPoint("worker2", Point.MID_MAP, 2)));
    long crash = timeOf(r, "sim", "crash worker2");
    long failed = failedAt(r, "worker2");
    assertThat(failed - crash).isBetween(10_000L, 15_000L);
    assertThat(
            ((JobEvent.WorkerFailed) failed(r, "worker2").orElseThrow().event()).tasksReassigned())
        .isPositive();
    assertThat(r.result().orElseThrow().failedWorkers()).containsExactly("worker2");
    assertThat(r.result().orElseThrow().reassignments()).isPositive();
  }

  @Test
  void scenario3TwoOfThreeWorkersKilled() throws IOException {
    SimulationResult r =
        simulate(
            3,
            FaultPlan.of(
                new Fault.CrashAtPoint("worker1", Point.MID_MAP, 2),
                new Fault.CrashAtTime("worker3", 5_000)));
    for (String w : new String[] {"worker1", "worker3"}) {
      long crash = timeOf(r, "sim", "crash " + w);
      long failed = failedAt(r, w);
      assertThat(failed - crash).as(w).isBetween(10_000L, 15_000L);
    }
    assertThat(r.result().orElseThrow().failedWorkers()).containsExactly("worker1", "worker3");
    // The survivor completed everything that counted after the failures.
    assertThat(r.result().orElseThrow().tasks())
        .filteredOn(t -> t.taskId().startsWith("r-"))
        .allSatisfy(t -> assertThat(t.worker()).contains("worker2"));
  }

  @Test
  void aWorkerThatFailsAfterTwoTasks() throws IOException {
    SimulationResult r = simulate(4, FaultPlan.of(new Fault.CrashAfterTasks("worker1", 2)));
    assertThat(r.trace())
        .filteredOn(
            e ->
                e.event() instanceof JobEvent.LocalAttemptStep s
                    && s.worker().equals("worker1")
                    && s.step() == JobEvent.LocalAttemptStep.Step.REPORTED)
        .hasSize(2);
    assertThat(failed(r, "worker1")).isPresent();
  }

  @ParameterizedTest
  @EnumSource(Point.class)
  void aCrashAtEveryNamedPointStillGivesTheReferenceOutput(Point point) throws IOException {
    SimulationResult r =
        simulate(10 + point.ordinal(), FaultPlan.of(new Fault.CrashAtPoint("worker2", point, 1)));
    assertThat(find(r, "sim", "crash worker2 at " + point)).as(r.traceTail(30)).isPresent();
    assertThat(failed(r, "worker2")).isPresent();
  }

  @Test
  void aPartitionedWorkerIsToldToReRegisterAndItsStaleReportsChangeNothing() throws IOException {
    SimulationResult r =
        simulate(5, FaultPlan.of(new Fault.Partition("worker1", 100, 16_000, true, false)));
    assertThat(failed(r, "worker1")).isPresent();
    assertThat(
            first(
                r,
                JobEvent.WorkerStep.class,
                e ->
                    e.worker().equals("worker1")
                        && e.step() == JobEvent.WorkerStep.Step.TOLD_TO_REREGISTER))
        .as(r.traceTail(50))
        .isPresent();
    assertThat(
            first(
                r,
                JobEvent.WorkerRegistered.class,
                e -> e.worker().equals("worker1") && e.returning()))
        .isPresent();
  }

  @Test
  void aSlowWorkerGetsBackupAttemptsAndOutputHasNoDuplicates() throws IOException {
    SimulationResult r = simulate(6, FaultPlan.of(new Fault.Slow("worker3", 100)));
    assertThat(first(r, JobEvent.AttemptStarted.class, JobEvent.AttemptStarted::backup))
        .as(r.traceTail(40))
        .isPresent();
    assertThat(first(r, JobEvent.AttemptKilled.class, e -> e.why().contains("finished first")))
        .isPresent();
    assertThat(r.trace()).noneMatch(SeedScenariosTest::anyFailure);
  }

  @Test
  void lossyDuplicatingReorderingNetwork() throws IOException {
    simulate(7, FaultPlan.none().withMessages(new MessageFaults(0.1, 0.1, 0.3, 3000)));
  }

  @Test
  void allWorkersDeadFailsWithAReasonInsteadOfHanging() throws IOException {
    Path out = dir.resolve("out-dead");
    SimulationResult r =
        Simulation.builder(SimJobs.job(input, out))
            .seed(8)
            .workers(2)
            .faults(
                FaultPlan.of(
                    new Fault.CrashAtTime("worker1", 100), new Fault.CrashAtTime("worker2", 100)))
            .build()
            .run();
    assertThat(r.hung()).isFalse();
    assertThat(r.result().orElseThrow().failureReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("No live worker"));
    assertThat(out.resolve(OutputCommitter.SUCCESS)).doesNotExist();
    try (var s = Files.list(out)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  /**
   * Same seed, same plan: the same trace, even with the output in another directory (each run also
   * has its own temporary work directory), because no event carries an absolute path.
   */
  @Test
  void theSameSeedGivesTheSameTrace() throws IOException {
    FaultPlan plan =
        FaultPlan.of(
                new Fault.CrashAtPoint("worker2", Point.MID_REDUCE, 1),
                new Fault.RestartAfter("worker2", 2_000),
                new Fault.DiskFault(
                    "worker1", dev.mapreduce.core.internal.io.DiskFaults.Op.SPILL_WRITE, 2, false))
            .withMessages(new MessageFaults(0.05, 0.05, 0.2, 500));
    SimulationResult a =
        Simulation.builder(SimJobs.job(input, dir.resolve("out-determinism-a")))
            .seed(77)
            .faults(plan)
            .build()
            .run();
    SimulationResult b =
        Simulation.builder(SimJobs.job(input, dir.resolve("elsewhere").resolve("out-b")))
            .seed(77)
            .faults(plan)
            .build()
            .run();
    assertThat(a.trace()).hasSizeGreaterThan(50).isEqualTo(b.trace());
    String tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
    assertThat(a.trace())
        .noneMatch(
            e ->
                e.description().contains(dir.toAbsolutePath().toString())
                    || e.description().contains(tmp));
    SimulationResult c =
        Simulation.builder(SimJobs.job(input, dir.resolve("out-determinism-c")))
            .seed(78)
            .faults(plan)
            .build()
            .run();
    assertThat(c.trace()).isNotEqualTo(a.trace());
  }
}
