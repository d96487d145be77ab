package dev.mapreduce.inprocess.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.internal.io.DiskFaults.Op;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A simulated fault that could never happen is an error in the test, not a quiet no-op. */
class FaultPlanValidationTest {
  @TempDir static Path dir;
  static Path input;
  // The output directory is shared by the whole class; each run needs a fresh one.
  private static final AtomicInteger runs = new AtomicInteger();

  @BeforeAll
  static void input() throws IOException {
    input = SimJobs.writeInput(dir, 4, 200);
  }

  private Job job() {
    return SimJobs.job(input, dir.resolve("out-" + runs.incrementAndGet()));
  }

  static Stream<Fault> faultsNamingWorker9() {
    return Stream.of(
        new Fault.CrashAtPoint("worker9", Point.MID_MAP, 1),
        new Fault.CrashAtTime("worker9", 1_000),
        new Fault.CrashAfterTasks("worker9", 2),
        new Fault.Partition("worker9", 100, 5_000, true, true),
        new Fault.Slow("worker9", 10),
        new Fault.RestartAfter("worker9", 1_000),
        new Fault.AlwaysFailingWorker("worker9"),
        new Fault.FullDisk("worker9", 0, 1_000),
        new Fault.DiskFault("worker9", Op.SPILL_WRITE, 1, false));
  }

  @ParameterizedTest
  @MethodSource("faultsNamingWorker9")
  void aFaultForAnUnknownWorkerIsRefusedNamingTheFaultAndTheId(Fault fault) {
    assertThatThrownBy(
            () ->
                Simulation.builder(job())
                    .seed(1)
                    .workers(3)
                    .faults(FaultPlan.of(fault))
                    .build()
                    .run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fault.getClass().getSimpleName())
        .hasMessageContaining("worker9")
        .hasMessageContaining("worker1, worker2, worker3");
  }

  @Test
  void aCrashAtAnOccurrenceThatCanNeverBeReachedIsRefused() {
    assertThatThrownBy(() -> new Fault.CrashAtPoint("worker1", Point.MID_MAP, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("occurrence");
  }

  @Test
  void aHaltAfterZeroTasksIsRefused() {
    assertThatThrownBy(() -> new Fault.CrashAfterTasks("worker1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tasks");
  }

  @Test
  void aStuckAttemptOfATaskTheJobDoesNotHaveIsRefused() {
    assertThatThrownBy(
            () ->
                Simulation.builder(job())
                    .workers(3)
                    .faults(FaultPlan.of(new Fault.StuckAttempt("r-00003", 1)))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r-00003")
        .hasMessageContaining("3 reduce tasks");
    assertThatThrownBy(
            () ->
                Simulation.builder(job())
                    .workers(3)
                    .faults(FaultPlan.of(new Fault.StuckAttempt("m-00099", 1)))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("map tasks");
  }

  @Test
  void faultsThatCanNeverFireAreRefusedWhenMade() {
    assertThatThrownBy(() -> new Fault.StuckAttempt("map-1", 1)).hasMessageContaining("m-00002");
    assertThatThrownBy(() -> new Fault.StuckAttempt("m-00001", 0)).hasMessageContaining("from 1");
    assertThatThrownBy(() -> new Fault.RestartAfter("worker1", 0))
        .hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> new Fault.FullDisk("worker1", 500, 500))
        .hasMessageContaining("for some time");
    assertThatThrownBy(() -> new Fault.DiskFault("worker1", Op.COMMIT_RENAME, 1, false))
        .hasMessageContaining("the coordinator only");
    assertThatThrownBy(() -> new Fault.DiskFault(Simulation.COORDINATOR, Op.SPILL_WRITE, 1, false))
        .hasMessageContaining("workers only");
    assertThatThrownBy(
            () -> new Fault.DiskFault(Simulation.COORDINATOR, Op.SUCCESS_WRITE, 2, false))
        .hasMessageContaining("once");
    assertThatThrownBy(() -> new Fault.DiskFault("worker1", Op.DELETE, 0, false))
        .hasMessageContaining("from 1");
  }

  /**
   * A worker halts once: of two CrashAfterTasks for it, the earlier one fires (not the last given).
   */
  @Test
  void ofTwoHaltsForOneWorkerTheEarlierFires() {
    SimulationResult r =
        Simulation.builder(job())
            .seed(4)
            .workers(3)
            .faults(
                FaultPlan.of(
                    new Fault.CrashAfterTasks("worker1", 1),
                    new Fault.CrashAfterTasks("worker1", 3)))
            .taskMillis(2_000, 3_000)
            .build()
            .run();
    assertThat(r.hung()).isFalse();
    assertThat(r.trace())
        .filteredOn(e -> e.node().equals("sim") && e.description().startsWith("crash worker1"))
        .as(r.traceTail(40))
        .singleElement()
        .satisfies(e -> assertThat(e.description()).isEqualTo("crash worker1 after 1 tasks"));
  }

  /** Two crash points that fire at the same moment crash the worker once, and say so once. */
  @Test
  void aWorkerCrashesOnceEvenIfTwoFaultsFireTogether() {
    SimulationResult r =
        Simulation.builder(job())
            .seed(5)
            .workers(3)
            .faults(
                FaultPlan.of(
                    new Fault.CrashAtPoint("worker2", Point.REGISTERED, 1),
                    new Fault.CrashAtPoint("worker2", Point.REGISTERED, 1)))
            .build()
            .run();
    assertThat(r.result().orElseThrow().succeeded()).isTrue();
    assertThat(r.trace())
        .filteredOn(e -> e.node().equals("sim") && e.description().startsWith("crash worker2"))
        .hasSize(1);
  }
}
