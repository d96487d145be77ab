package dev.mapreduce.inprocess.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.events.JobEvent.LocalAttemptStep;
import dev.mapreduce.core.internal.io.DiskFaults.Op;
import dev.mapreduce.core.internal.io.OutputCommitter;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import dev.mapreduce.inprocess.TestJobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault the simulation gained, alone: it fires, the engine copes as documented, and the
 * invariant checker (on in every run) finds nothing wrong.
 */
class FaultScenariosTest {
  @TempDir static Path dir;
  static Path input;
  static Map<String, Long> reference;
  private static int runs;

  @BeforeAll
  static void input() throws IOException {
    input = SimJobs.writeInput(dir, 4, 100);
    reference = SimJobs.reference(input);
  }

  private static Job job() {
    return SimJobs.job(input, dir.resolve("out-" + (++runs)));
  }

  private static SimulationResult run(Job job, long seed, FaultPlan plan) {
    return Simulation.builder(job)
        .seed(seed)
        .workers(3)
        .faults(plan)
        .reference(reference)
        .build()
        .run();
  }

  /** Runs the plan and requires the reference output (the checker has compared it already). */
  private static SimulationResult commits(Job job, long seed, FaultPlan plan) {
    SimulationResult r = run(job, seed, plan);
    assertThat(r.hung()).as("hung:\n" + r.traceTail(40)).isFalse();
    JobResult result = r.result().orElseThrow();
    assertThat(result.succeeded())
        .as(result.failureReason().orElse("") + "\n" + r.traceTail(40))
        .isTrue();
    assertThat(Simulation.builder(job).workers(3).faults(plan).build().outlook().verdict())
        .isEqualTo(Outlook.Verdict.MUST_COMMIT);
    return r;
  }

  private static <E extends JobEvent> Stream<E> events(
      SimulationResult r, Class<E> type, Predicate<E> match) {
    return r.trace().stream()
        .map(TraceEvent::event)
        .filter(type::isInstance)
        .map(type::cast)
        .filter(match);
  }

  private static boolean traced(SimulationResult r, String faultText) {
    return r.trace().stream()
        .anyMatch(e -> e.node().equals(Simulation.SIM) && e.description().contains(faultText));
  }

  private static long timeOf(SimulationResult r, Predicate<TraceEvent> match) {
    return r.trace().stream()
        .filter(match)
        .mapToLong(TraceEvent::timeMillis)
        .findFirst()
        .orElseThrow(() -> new AssertionError("not in the trace:\n" + r.traceTail(60)));
  }

  @Test
  void aCrashedWorkerRestartsOnItsOwnDiskReplacesItsDeadSelfAndWorksAgain() {
    SimulationResult r =
        commits(
            job(),
            21,
            FaultPlan.of(
                new Fault.CrashAtPoint("worker2", Point.MID_MAP, 1),
                new Fault.RestartAfter("worker2", 3_000)));
    long restart = timeOf(r, e -> e.description().startsWith("restart worker2 (process 2)"));
    assertThat(restart - timeOf(r, e -> e.description().startsWith("crash worker2")))
        .isEqualTo(3_000);
    // Back within the failure timeout: the coordinator learns of the death from the new process.
    assertThat(
            events(
                r,
                JobEvent.WorkerFailed.class,
                f ->
                    f.worker().equals("worker2")
                        && f.reason().contains("re-registered as a new process")))
        .hasSize(1);
    assertThat(
            events(
                r,
                JobEvent.WorkerRegistered.class,
                w -> w.worker().equals("worker2") && w.returning()))
        .hasSize(1);
    assertThat(r.trace())
        .as("the new process works")
        .anyMatch(
            e ->
                e.timeMillis() > restart
                    && e.event() instanceof JobEvent.AttemptSucceeded s
                    && s.worker().equals("worker2"));
  }

  @Test
  void aWorkerThatHaltsAndRestartsDoesNotHaltAgain() {
    SimulationResult r =
        commits(
            job(),
            22,
            FaultPlan.of(
                new Fault.CrashAfterTasks("worker1", 1), new Fault.RestartAfter("worker1", 500)));
    assertThat(r.trace()).filteredOn(e -> e.description().startsWith("crash worker1")).hasSize(1);
    assertThat(r.trace()).anyMatch(e -> e.description().startsWith("restart worker1 (process 2)"));
  }

  @Test
  void aWorkerWhoseTasksAlwaysFailIsExcludedAndOthersFinishTheJob() {
    SimulationResult r = commits(job(), 23, FaultPlan.of(new Fault.AlwaysFailingWorker("worker1")));
    assertThat(events(r, JobEvent.WorkerExcluded.class, e -> e.worker().equals("worker1")))
        .hasSize(1);
    assertThat(r.result().orElseThrow().tasks())
        .allSatisfy(t -> assertThat(t.worker()).isNotEqualTo(Optional.of("worker1")));
  }

  @Test
  void whenEveryWorkersTasksFailTheJobFailsWithTheTasksLastError() throws IOException {
    Job job = job();
    FaultPlan plan =
        FaultPlan.of(
            new Fault.AlwaysFailingWorker("worker1"),
            new Fault.AlwaysFailingWorker("worker2"),
            new Fault.AlwaysFailingWorker("worker3"));
    SimulationResult r = run(job, 24, plan);
    String reason = r.result().orElseThrow().failureReason().orElseThrow();
    assertThat(reason).contains("failed 3 times").contains("always fail");
    Outlook outlook = Simulation.builder(job).workers(3).faults(plan).build().outlook();
    assertThat(outlook.verdict()).isEqualTo(Outlook.Verdict.MUST_FAIL);
    assertThat(outlook.explains(reason)).isTrue();
    try (Stream<Path> left = Files.list(job.output())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aStuckBodyIsKilledAfterTheTaskTimeoutAndItsTaskRunsAgain() {
    Job job = job().toBuilder().taskTimeout(Duration.ofSeconds(30)).speculative(false).build();
    SimulationResult r = commits(job, 25, FaultPlan.of(new Fault.StuckAttempt("m-00001", 1)));
    long stuck = timeOf(r, e -> e.description().startsWith("m-00001-a1 is stuck on"));
    long timedOut =
        timeOf(
            r,
            e ->
                e.event() instanceof LocalAttemptStep s
                    && s.attempt().equals("m-00001-a1")
                    && s.step() == LocalAttemptStep.Step.TIMED_OUT);
    assertThat(timedOut - stuck).isBetween(30_000L, 36_000L); // checked on heartbeats, every 3 s
    assertThat(
            events(
                r,
                JobEvent.AttemptFailed.class,
                f -> f.attempt().equals("m-00001-a1") && f.error().contains("no progress")))
        .hasSize(1);
    assertThat(events(r, JobEvent.AttemptSucceeded.class, s -> s.attempt().equals("m-00001-a2")))
        .hasSize(1);
  }

  static Stream<Arguments> transientWorkerDiskFaults() {
    return Stream.of(Op.SPILL_WRITE, Op.FETCH_CREATE, Op.REDUCE_OUTPUT_WRITE)
        .flatMap(op -> Stream.of(Arguments.of(op, false), Arguments.of(op, true)));
  }

  @ParameterizedTest
  @MethodSource("transientWorkerDiskFaults")
  void aTransientDiskFaultFailsOneAttemptWhichRunsAgain(Op op, boolean unchecked) {
    SimulationResult r =
        commits(job(), 26, FaultPlan.of(new Fault.DiskFault("worker2", op, 1, unchecked)));
    assertThat(traced(r, "disk fault on worker2: " + op + " #1 fails"))
        .as(r.traceTail(40))
        .isTrue();
    assertThat(
            events(
                r,
                JobEvent.AttemptFailed.class,
                f -> f.worker().equals("worker2") && f.error().contains("simulated")))
        .hasSize(1);
  }

  @Test
  void aFailedDeleteLeavesGarbageButNoFailure() {
    SimulationResult r =
        commits(job(), 27, FaultPlan.of(new Fault.DiskFault("worker3", Op.DELETE, 1, false)));
    assertThat(traced(r, "disk fault on worker3: DELETE #1 fails")).isTrue();
    assertThat(events(r, JobEvent.AttemptFailed.class, f -> true)).isEmpty();
  }

  @Test
  void aFailedCommitRenameFailsTheAttemptAndAnotherCommits() {
    SimulationResult r =
        commits(
            job(),
            28,
            FaultPlan.of(new Fault.DiskFault(Simulation.COORDINATOR, Op.COMMIT_RENAME, 2, false)));
    JobEvent.AttemptFailed failed =
        events(r, JobEvent.AttemptFailed.class, f -> f.error().contains("commit failed"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(r.traceTail(40)));
    String task = failed.attempt().substring(0, 7);
    assertThat(events(r, JobEvent.TaskCommitted.class, c -> c.task().equals(task))).hasSize(1);
  }

  @Test
  void anUnwritableSuccessFailsTheJobAndKeepsItsFinalParts() {
    Job job = job();
    SimulationResult r =
        run(
            job,
            29,
            FaultPlan.of(new Fault.DiskFault(Simulation.COORDINATOR, Op.SUCCESS_WRITE, 1, false)));
    assertThat(r.result().orElseThrow().failureReason())
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("Could not write _SUCCESS"));
    assertThat(job.output().resolve(OutputCommitter.SUCCESS)).doesNotExist();
    assertThat(job.output().resolve("part-r-00000")).exists();
  }

  @Test
  void aFullDiskFailsWritesWhileItIsFullOnly() {
    SimulationResult r = commits(job(), 30, FaultPlan.of(new Fault.FullDisk("worker1", 0, 2_000)));
    assertThat(r.trace())
        .filteredOn(e -> e.description().contains("no space left on device"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.timeMillis()).isLessThan(2_000));
  }

  @Test
  void aCrashInsideAMapBodyStopsTheBodyThere() {
    SimulationResult r =
        commits(job(), 31, FaultPlan.of(new Fault.CrashAtPoint("worker3", Point.IN_MAP_BODY, 1)));
    TraceEvent crash =
        r.trace().stream()
            .filter(e -> e.description().startsWith("crash worker3 at IN_MAP_BODY #1"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(r.traceTail(40)));
    String attempt = crash.description().replaceAll(".*\\((.*)\\)", "$1");
    assertThat(r.trace())
        .as("the body never ended, so the attempt never reported")
        .noneMatch(
            e ->
                e.timeMillis() >= crash.timeMillis()
                    && e.event() instanceof LocalAttemptStep s
                    && s.attempt().equals(attempt))
        .noneMatch(
            e -> e.event() instanceof JobEvent.AttemptSucceeded s && s.attempt().equals(attempt));
    String task = attempt.substring(0, 7);
    assertThat(events(r, JobEvent.AttemptSucceeded.class, s -> s.attempt().startsWith(task)))
        .hasSize(1);
  }

  /**
   * A very slow worker's attempts get backups; when a backup wins and the job commits, the slow
   * attempt ends later and tries to write its output: it must fail, leaving the finished output as
   * it was (the checker compares every part and the directory listing after every worker exits).
   */
  @Test
  void aLateAttemptCannotWriteIntoTheFinishedOutput() {
    SimulationResult r =
        Simulation.builder(job())
            .seed(3)
            .workers(3)
            .faults(FaultPlan.of(new Fault.Slow("worker3", 28)))
            .reference(reference)
            .build()
            .run();
    assertThat(r.result().orElseThrow().succeeded()).isTrue();
    long committed = timeOf(r, e -> e.event() instanceof JobEvent.JobCommitted);
    assertThat(r.trace())
        .as(r.traceTail(30))
        .anyMatch(
            e ->
                e.timeMillis() > committed
                    && e.event() instanceof LocalAttemptStep s
                    && s.worker().equals("worker3")
                    && s.step() == LocalAttemptStep.Step.FAILED
                    && s.attempt().startsWith("r-"));
    assertThat(r.toleratedViolations()).isEmpty(); // and its error names no absolute path
  }

  /**
   * A partition larger than a fetch chunk (1 MiB) is fetched in several chunks, appended to the run
   * file its reduce attempt created: here the checker sees real appends, one of which fails on each
   * worker. A failed append fails its attempt, and the retry starts a file of its own.
   */
  @Test
  void aFetchInSeveralChunksAppendsOnlyToTheFileItCreated() throws IOException {
    Path big = SimJobs.writeInput(Files.createDirectories(dir.resolve("big")), 1, 40_000);
    Job job =
        Job.builder("sim-big")
            .input(big)
            .output(dir.resolve("out-big"))
            .mapper(TestJobs.Words.class)
            .reducer(TestJobs.Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .reduceTasks(1)
            .splitSize(64L << 20)
            .build();
    SimulationResult r =
        Simulation.builder(job)
            .seed(34)
            .workers(2)
            .faults(
                FaultPlan.of(
                    new Fault.DiskFault("worker1", Op.FETCH_APPEND, 1, false),
                    new Fault.DiskFault("worker2", Op.FETCH_APPEND, 1, true)))
            .reference(SimJobs.reference(big))
            .build()
            .run();
    assertThat(r.result().orElseThrow().succeeded()).as(r.traceTail(30)).isTrue();
    assertThat(r.trace())
        .as(r.traceTail(30))
        .anyMatch(e -> e.description().contains("FETCH_APPEND #1 fails"));
    assertThat(events(r, JobEvent.TaskCommitted.class, c -> true)).hasSize(1);
  }

  /** A run that breaks an invariant stops there and says how to reproduce it. */
  @Test
  void aViolationStopsTheRunWithTheSeedThePlanAndTheTrace() {
    FaultPlan plan = FaultPlan.of(new Fault.Slow("worker1", 2));
    assertThatThrownBy(
            () ->
                Simulation.builder(job())
                    .seed(33)
                    .workers(3)
                    .faults(plan)
                    .reference(Map.of("w1", 1L))
                    .build()
                    .run())
        .isInstanceOf(InvariantViolation.class)
        .hasMessageContaining("seed 33")
        .hasMessageContaining("OUTPUT_MATCHES_REFERENCE")
        .hasMessageContaining("plan: FaultPlan.of(new Fault.Slow(\"worker1\", 2.0))")
        .hasMessageContaining("job 'sim-wordcount' committed")
        .satisfies(
            e ->
                assertThat(((InvariantViolation) e).violation().invariant())
                    .isEqualTo(Invariant.OUTPUT_MATCHES_REFERENCE));
  }
}
