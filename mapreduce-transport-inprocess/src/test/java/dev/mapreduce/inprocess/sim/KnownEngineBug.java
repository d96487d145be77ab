package dev.mapreduce.inprocess.sim;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Engine bugs the sweep found that are reported but not yet fixed (the simulation does not change
 * engine code). A sweep finding that matches one is counted under it rather than failing the
 * build, and every sweep prints how often each still shows up: once the engine is fixed, its count
 * drops to 0 and the entry must be deleted, so that a regression fails the sweep again.
 *
 * <p>Matched against a finding's headline: {@code VIOLATION <invariant> at <t>: <detail>} or
 * {@code UNEXPLAINED FAILURE: <reason>}.
 */
enum KnownEngineBug {
  /**
   * {@code JobCommit.commitTask} catches only {@code IOException}: an unchecked exception from the
   * disk while renaming a reduce attempt's file (which {@code DiskFaults} allows) escapes into the
   * coordinator's loop, and a healable fault fails the whole job as an internal error. {@code
   * commitJob} already catches {@code RuntimeException} too. First seen: seed 12.
   */
  UNCHECKED_COMMIT_FAILURE_FAILS_JOB(
      "(VIOLATION NO_INTERNAL_ERROR .*|UNEXPLAINED FAILURE: internal error in the coordinator: .*)"
          + "unchecked disk fault on coordinator: COMMIT_RENAME.*"),
  /**
   * A reduce attempt that finishes after its job ended fails in {@code TextOutputWriter} with a
   * {@code NoSuchFileException} naming the absolute path of {@code OUTPUT/_temporary/ATTEMPT}; the
   * worker's LocalAttemptStep FAILED event (and the coordinator's AttemptFailed, when it still
   * listens) carries that message, although no event may carry an absolute path. First seen:
   * seed 88 (a slow worker's attempt overtaken by its backup).
   */
  ABSOLUTE_PATH_IN_LATE_ATTEMPT_ERROR(
      "VIOLATION NO_ABSOLUTE_PATHS .*NoSuchFileException: .*_temporary.*"),
  /**
   * A worker whose tasks always fail, while it is the only live worker (the healthy ones are still
   * registering, or restarting), is "the last hope" and is never excluded: the scheduler hands the
   * task it just failed straight back, and the task burns all its attempts on it within a second or
   * two, failing the job although healthy workers join moments later. First seen: seed 2212.
   */
  LONE_FAILING_WORKER_EXHAUSTS_TASK(
      "UNEXPLAINED FAILURE: Task [mr]-[0-9]+ failed [0-9]+ times .*this worker's tasks always fail.*");

  private final Pattern headline;

  KnownEngineBug(String headlinePattern) {
    this.headline = Pattern.compile(headlinePattern, Pattern.DOTALL);
  }

  static Optional<KnownEngineBug> of(String headline) {
    return Arrays.stream(values()).filter(b -> b.headline.matcher(headline).matches()).findFirst();
  }

  static String headline(Violation v) {
    return "VIOLATION " + v;
  }

  /** For {@link Simulation.Builder#tolerating}: a violation that is a known bug. */
  static boolean known(Violation v) {
    return of(headline(v)).isPresent();
  }
}
