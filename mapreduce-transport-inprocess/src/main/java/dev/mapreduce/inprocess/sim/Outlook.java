package dev.mapreduce.inprocess.sim;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@link FaultPlan} allows a run to end with, decided before the run from the plan alone:
 * whether success is certain, possible or impossible, and which kinds of failure the plan can
 * explain. A run that fails where its outlook says it must commit, or fails for a reason its
 * outlook does not list, has found a liveness bug (or a gap in this classification).
 *
 * @param verdict whether the job must commit, may fail, or cannot commit
 * @param failures the kinds of failure the plan can cause (empty for {@link Verdict#MUST_COMMIT})
 * @param reason why, in words, for reports
 */
public record Outlook(Verdict verdict, Set<FailureKind> failures, String reason) {
  public Outlook {
    failures = failures.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(failures));
  }

  public enum Verdict {
    /** Every fault heals (or never matters): the job must commit. */
    MUST_COMMIT,
    /** Depending on timing, the plan can make success impossible. */
    MAY_FAIL,
    /** The plan makes success impossible: the job must fail with a reason, not hang. */
    MUST_FAIL
  }

  /** Ways the plan can legitimately make a job fail, each recognised by its failure reason. */
  public enum FailureKind {
    /** Every worker is gone for good: the coordinator's no-live-worker wait runs out. */
    NO_LIVE_WORKER("No live worker for .*"),
    /** Some task fails (or loses its output) as often as the job allows. */
    TASK_EXHAUSTED("Task [mr]-[0-9]+ (failed [0-9]+ times|lost its output [0-9]+ times).*"),
    /** The coordinator cannot write {@code _SUCCESS}. */
    SUCCESS_WRITE("Could not write _SUCCESS.*");

    private final Pattern reason;

    FailureKind(String reasonPattern) {
      this.reason = Pattern.compile(reasonPattern, Pattern.DOTALL);
    }

    boolean matches(String failureReason) {
      return reason.matcher(failureReason).matches();
    }
  }

  /**
   * The settings the classification depends on.
   *
   * @param workers the simulation's worker names
   * @param maxAttempts failed attempts a task may have before the job fails ({@code
   *     Job.maxAttempts})
   * @param earliestFinishMillis no job can commit before this virtual time (its first map body
   *     alone takes that long), so a crash before it certainly happens before the end
   * @param noWorkerTimeoutMillis how long the job waits with no live worker
   * @param coordinatorLostAfterMillis how long a worker keeps trying an unreachable coordinator
   * @param longestBodyMillis the longest a task body takes on a worker that is not slowed down
   * @param taskTimeoutMillis how long a body may go without progress before its worker kills it
   */
  public record Setting(
      List<String> workers,
      int maxAttempts,
      long earliestFinishMillis,
      long noWorkerTimeoutMillis,
      long coordinatorLostAfterMillis,
      long longestBodyMillis,
      long taskTimeoutMillis) {
    public Setting {
      workers = List.copyOf(workers);
    }
  }

  static Outlook mustCommit() {
    return new Outlook(Verdict.MUST_COMMIT, Set.of(), "every fault heals");
  }

  public boolean successPossible() {
    return verdict != Verdict.MUST_FAIL;
  }

  /** True if a job that failed with {@code failureReason} failed in a way this plan explains. */
  public boolean explains(String failureReason) {
    return failures.stream().anyMatch(k -> k.matches(failureReason));
  }

  @Override
  public String toString() {
    return verdict + (failures.isEmpty() ? "" : " " + failures) + ": " + reason;
  }
}
