package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.internal.io.DiskFaults;
import dev.mapreduce.core.worker.WorkerHooks;
import dev.mapreduce.inprocess.sim.Outlook.FailureKind;
import dev.mapreduce.inprocess.sim.Outlook.Verdict;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Classifies a plan (see {@link Outlook}). The rules are deliberately conservative about what can
 * go wrong — a fault counts as able to fail an attempt of any task — so that a MUST_COMMIT verdict
 * is a promise: any failure under it is the engine's fault. They follow the engine's documented
 * policies: a task fails the job after {@code maxAttempts} failed (or lost) attempts, a map after
 * {@code 3 * maxAttempts} output losses; a worker whose attempts keep failing is excluded unless it
 * is the last one; the job fails after its no-live-worker wait.
 */
final class OutlookRules {
  /** A fetch of an unreachable map output costs about this long before the loss is reported. */
  private static final long FETCH_GIVE_UP_MILLIS = 5_000;

  private final FaultPlan plan;
  private final Outlook.Setting s;

  private OutlookRules(FaultPlan plan, Outlook.Setting setting) {
    this.plan = plan;
    this.s = setting;
  }

  static Outlook classify(FaultPlan plan, Outlook.Setting setting) {
    return new OutlookRules(plan, setting).classify();
  }

  private Outlook classify() {
    Set<FailureKind> kinds = EnumSet.noneOf(FailureKind.class);
    List<String> why = new ArrayList<>();
    boolean mustFail = false;

    if (has(f -> f instanceof Fault.DiskFault d && d.op() == DiskFaults.Op.SUCCESS_WRITE)) {
      kinds.add(FailureKind.SUCCESS_WRITE);
      why.add("the coordinator cannot write _SUCCESS");
      mustFail = true;
    }
    if (s.workers().stream().allMatch(this::certainlyUseless)) {
      mustFail = true;
      why.add("no worker can ever complete a task (each crashes for good early or always fails)");
    }
    if (s.workers().stream().allMatch(this::mayDieForGood)) {
      kinds.add(FailureKind.NO_LIVE_WORKER);
      why.add(
          "every worker may be gone for good (crash without restart, or a partition it gives up on)");
    }
    if (s.workers().stream().allMatch(w -> mayDieForGood(w) || mayRefuseTasks(w))
        && s.workers().stream().anyMatch(this::mayRefuseTasks)) {
      kinds.add(FailureKind.TASK_EXHAUSTED);
      why.add("the last worker standing may fail every task it gets");
    }
    int damage = attemptDamage();
    if (damage >= s.maxAttempts()) {
      kinds.add(FailureKind.TASK_EXHAUSTED);
      why.add(
          damage
              + " faults may each fail an attempt of the same task; the job allows "
              + s.maxAttempts());
    }
    long losses = outputLosses();
    if (losses > 3L * s.maxAttempts()) {
      kinds.add(FailureKind.TASK_EXHAUSTED);
      why.add(
          "a map's output may be lost " + losses + " times; the job allows " + 3 * s.maxAttempts());
    }
    if (mustFail) {
      // Useless workers are covered above: dead ones by NO_LIVE_WORKER, failing ones by
      // TASK_EXHAUSTED.
      return new Outlook(Verdict.MUST_FAIL, kinds, String.join("; ", why));
    }
    if (!kinds.isEmpty()) {
      return new Outlook(Verdict.MAY_FAIL, kinds, String.join("; ", why));
    }
    return Outlook.mustCommit();
  }

  // ---- one worker -------------------------------------------------------------------------------

  /** Restarted soon enough after a death that the job is still waiting for it. */
  private boolean restarted(String w) {
    return plan.faults().stream()
        .anyMatch(
            f ->
                f instanceof Fault.RestartAfter r
                    && r.worker().equals(w)
                    && r.delayMillis() < s.noWorkerTimeoutMillis() / 2);
  }

  private boolean hasCrash(String w) {
    return has(f -> isCrash(f) && ((Fault.OnWorker) f).worker().equals(w));
  }

  private static boolean isCrash(Fault f) {
    return f instanceof Fault.CrashAtPoint
        || f instanceof Fault.CrashAtTime
        || f instanceof Fault.CrashAfterTasks;
  }

  /**
   * A crash that fires whatever the timing: at its first registration, or before any task can end.
   */
  private boolean certainCrash(String w) {
    return has(
        f ->
            (f instanceof Fault.CrashAtPoint c
                    && c.worker().equals(w)
                    && c.point() == WorkerHooks.Point.REGISTERED
                    && c.occurrence() == 1)
                || (f instanceof Fault.CrashAtTime t
                    && t.worker().equals(w)
                    && t.atMillis() < s.earliestFinishMillis()));
  }

  /** Cut off from the coordinator long enough that the worker gives up and exits. */
  private boolean mayGiveUp(String w) {
    return has(
        f ->
            f instanceof Fault.Partition p
                && p.worker().equals(w)
                && p.fromCoordinator()
                && p.untilMillis() - p.fromMillis()
                    >= s.coordinatorLostAfterMillis() - FETCH_GIVE_UP_MILLIS);
  }

  private boolean mayDieForGood(String w) {
    return (hasCrash(w) && !restarted(w)) || mayGiveUp(w);
  }

  private boolean alwaysFails(String w) {
    return has(f -> f instanceof Fault.AlwaysFailingWorker a && a.worker().equals(w));
  }

  /**
   * A worker that fails every task for a while (or for good) and so may exhaust one it is alone
   * with.
   */
  private boolean mayRefuseTasks(String w) {
    return alwaysFails(w)
        || has(f -> f instanceof Fault.FullDisk d && d.worker().equals(w))
        || has(f -> f instanceof Fault.Slow sl && sl.worker().equals(w) && timesOut(sl));
  }

  private boolean timesOut(Fault.Slow slow) {
    return slow.factor() * s.longestBodyMillis() >= s.taskTimeoutMillis();
  }

  private boolean certainlyUseless(String w) {
    return alwaysFails(w) || (certainCrash(w) && !restarted(w));
  }

  // ---- the whole plan ---------------------------------------------------------------------------

  /**
   * How many failed or lost attempts the plan may cause to one task, counting every fault as if it
   * hit that task: a crash or a partition from the coordinator loses the one attempt its worker
   * runs; a failing disk operation or a stuck body fails one; a worker that refuses tasks fails
   * each task once before the scheduler sends it elsewhere.
   */
  private int attemptDamage() {
    int n = 0;
    for (Fault f : plan.faults()) {
      if (isCrash(f)
          || (f instanceof Fault.Partition p && p.fromCoordinator())
          || (f instanceof Fault.DiskFault d
              && d.op() != DiskFaults.Op.DELETE
              && d.op() != DiskFaults.Op.SUCCESS_WRITE)
          || f instanceof Fault.StuckAttempt) {
        n++;
      }
    }
    for (String w : s.workers()) {
      if (mayRefuseTasks(w)) {
        n++;
      }
    }
    return n;
  }

  /**
   * How often one map's output may be lost: once per crash or partition from the coordinator (its
   * worker is declared failed), and, behind a partition from the other workers, once per fetch
   * give-up for as long as the partition lasts (the map may run again on the cut-off worker).
   */
  private long outputLosses() {
    long n = 0;
    for (Fault f : plan.faults()) {
      if (isCrash(f) || (f instanceof Fault.Partition p && p.fromCoordinator())) {
        n++;
      }
      if (f instanceof Fault.Partition p && p.fromPeers()) {
        n += 1 + (p.untilMillis() - p.fromMillis()) / FETCH_GIVE_UP_MILLIS;
      }
    }
    return n;
  }

  private boolean has(Predicate<Fault> p) {
    return plan.faults().stream().anyMatch(p);
  }
}
