package dev.mapreduce.inprocess.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.internal.io.DiskFaults.Op;
import dev.mapreduce.core.internal.io.FileTrees;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import dev.mapreduce.inprocess.sim.Outlook.FailureKind;
import dev.mapreduce.inprocess.sim.Outlook.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plan's outlook, decided before the run: when must a job commit, and how may it fail. */
class OutlookTest {
  /**
   * Three workers, 5 attempts a task, maps of at least 200 ms, 120 s no-worker wait, 60 s give-up.
   */
  private static final Outlook.Setting SETTING =
      new Outlook.Setting(
          List.of("worker1", "worker2", "worker3"), 5, 200, 120_000, 60_000, 450, 60_000);

  private static Outlook outlook(Fault... faults) {
    return FaultPlan.of(faults).outlook(SETTING);
  }

  @Test
  void noFaultsOrFaultsThatHealMustCommit() {
    assertThat(outlook().verdict()).isEqualTo(Verdict.MUST_COMMIT);
    assertThat(
            outlook(
                    new Fault.CrashAtPoint("worker1", Point.MID_MAP, 1),
                    new Fault.Partition("worker2", 0, 20_000, true, true),
                    new Fault.Slow("worker3", 20),
                    new Fault.DiskFault("worker3", Op.SPILL_WRITE, 1, true),
                    new Fault.StuckAttempt("m-00001", 1))
                .verdict())
        .isEqualTo(Verdict.MUST_COMMIT);
    // Every worker crashes, but each comes back.
    assertThat(
            outlook(
                    new Fault.CrashAtTime("worker1", 10), new Fault.RestartAfter("worker1", 5_000),
                    new Fault.CrashAtTime("worker2", 10), new Fault.RestartAfter("worker2", 5_000),
                    new Fault.CrashAtTime("worker3", 10), new Fault.RestartAfter("worker3", 5_000))
                .verdict())
        .isEqualTo(Verdict.MUST_COMMIT);
  }

  @Test
  void everyWorkerCrashingForGoodAtOnceMustFailForLackOfWorkers() {
    Outlook o =
        outlook(
            new Fault.CrashAtPoint("worker1", Point.REGISTERED, 1),
            new Fault.CrashAtTime("worker2", 50),
            new Fault.CrashAtPoint("worker3", Point.REGISTERED, 1));
    assertThat(o.verdict()).isEqualTo(Verdict.MUST_FAIL);
    assertThat(o.successPossible()).isFalse();
    assertThat(o.explains("No live worker for 120.0 s (failed: worker1, worker2, worker3)"))
        .isTrue();
    assertThat(o.explains("Task m-00000 failed 5 times (attempts: ...)")).isFalse();
  }

  @Test
  void aRestartTooLateForTheJobsWaitIsNoRestart() {
    Outlook o =
        outlook(
            new Fault.CrashAtPoint("worker1", Point.REGISTERED, 1),
            new Fault.RestartAfter("worker1", 100_000),
            new Fault.CrashAtPoint("worker2", Point.REGISTERED, 1),
            new Fault.CrashAtPoint("worker3", Point.REGISTERED, 1));
    assertThat(o.verdict()).isEqualTo(Verdict.MUST_FAIL);
  }

  @Test
  void crashesThatMayComeAfterTheEndOnlyMayFail() {
    Outlook o =
        outlook(
            new Fault.CrashAtTime("worker1", 3_000),
            new Fault.CrashAtPoint("worker2", Point.MID_REDUCE, 2),
            new Fault.CrashAfterTasks("worker3", 2));
    assertThat(o.verdict()).isEqualTo(Verdict.MAY_FAIL);
    assertThat(o.failures()).containsExactly(FailureKind.NO_LIVE_WORKER);
  }

  @Test
  void everyWorkerAlwaysFailingMustFailByExhaustingATask() {
    Outlook o =
        outlook(
            new Fault.AlwaysFailingWorker("worker1"),
            new Fault.AlwaysFailingWorker("worker2"),
            new Fault.AlwaysFailingWorker("worker3"));
    assertThat(o.verdict()).isEqualTo(Verdict.MUST_FAIL);
    assertThat(
            o.explains("Task m-00003 failed 5 times (attempts: m-00003-a1@worker2); last error: x"))
        .isTrue();
    assertThat(o.explains("No live worker for 120.0 s")).isFalse();
  }

  @Test
  void oneAlwaysFailingWorkerAmongHealthyOnesMustCommit() {
    assertThat(outlook(new Fault.AlwaysFailingWorker("worker2")).verdict())
        .isEqualTo(Verdict.MUST_COMMIT);
  }

  /** If the healthy workers may die for good, the failing one is left alone with every task. */
  @Test
  void aFailingWorkerThatMayBeLeftAloneMayExhaustATask() {
    Outlook o =
        outlook(
            new Fault.AlwaysFailingWorker("worker1"),
            new Fault.CrashAtTime("worker2", 1_000),
            new Fault.CrashAtTime("worker3", 1_000));
    assertThat(o.verdict()).isEqualTo(Verdict.MAY_FAIL);
    assertThat(o.failures()).containsExactly(FailureKind.TASK_EXHAUSTED);
  }

  @Test
  void asManyAttemptDamagingFaultsAsTheJobAllowsMayExhaustATask() {
    Outlook o =
        outlook(
            new Fault.CrashAtPoint("worker1", Point.MID_MAP, 1),
            new Fault.RestartAfter("worker1", 1_000),
            new Fault.CrashAtPoint("worker2", Point.MID_MAP, 1),
            new Fault.RestartAfter("worker2", 1_000),
            new Fault.DiskFault("worker3", Op.SPILL_WRITE, 1, false),
            new Fault.DiskFault(Simulation.COORDINATOR, Op.COMMIT_RENAME, 1, false),
            new Fault.StuckAttempt("m-00000", 1));
    assertThat(o.verdict()).isEqualTo(Verdict.MAY_FAIL);
    assertThat(o.failures()).containsExactly(FailureKind.TASK_EXHAUSTED);
    assertThat(o.reason()).contains("5 faults");
  }

  @Test
  void aPartitionLongerThanAWorkersPatienceMayLoseItForGood() {
    Outlook o =
        outlook(
            new Fault.Partition("worker1", 0, 70_000, true, false),
            new Fault.Partition("worker2", 0, 70_000, true, false),
            new Fault.Partition("worker3", 0, 70_000, true, false));
    assertThat(o.verdict()).isEqualTo(Verdict.MAY_FAIL);
    assertThat(o.failures()).contains(FailureKind.NO_LIVE_WORKER);
  }

  @Test
  void aSlowWorkerWhoseBodiesOutlastTheTaskTimeoutRefusesTasks() {
    Outlook o =
        outlook(
            new Fault.Slow("worker1", 200),
            new Fault.CrashAtTime("worker2", 500),
            new Fault.CrashAtTime("worker3", 500));
    assertThat(o.failures()).contains(FailureKind.TASK_EXHAUSTED);
  }

  @Test
  void anUnwritableSuccessMustFail() {
    Outlook o = outlook(new Fault.DiskFault(Simulation.COORDINATOR, Op.SUCCESS_WRITE, 1, false));
    assertThat(o.verdict()).isEqualTo(Verdict.MUST_FAIL);
    assertThat(o.explains("Could not write _SUCCESS: java.io.IOException: disk")).isTrue();
    assertThat(o.explains("internal error in the coordinator: boom")).isFalse();
  }

  @Test
  void aSimulationComputesItsSettingFromItsJobAndTimings() throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("outlook");
    try {
      java.nio.file.Path input = SimJobs.writeInput(dir, 1, 10);
      Simulation sim =
          Simulation.builder(
                  SimJobs.job(input, dir.resolve("out")).toBuilder().maxAttempts(2).build())
              .workers(2)
              .faults(
                  FaultPlan.of(
                      new Fault.CrashAtPoint("worker1", Point.MID_MAP, 1),
                      new Fault.CrashAtPoint("worker2", Point.MID_MAP, 1),
                      new Fault.RestartAfter("worker1", 10),
                      new Fault.RestartAfter("worker2", 10)))
              .build();
      // Two crashes may both hit one task, which the job allows only 2 failed attempts.
      assertThat(sim.outlook().failures()).containsExactly(FailureKind.TASK_EXHAUSTED);
    } finally {
      FileTrees.delete(dir);
    }
  }
}
