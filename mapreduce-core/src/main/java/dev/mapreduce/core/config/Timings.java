package dev.mapreduce.core.config;

import dev.mapreduce.core.api.Job;
import java.time.Duration;

/**
 * The cluster's clocks. Defaults are the Python prototype's: heartbeat every 3 s, failure check
 * every 5 s, a worker FAILED after 10 s of silence, status every 10 s.
 *
 * @param idlePoll how long an idle worker waits before asking again when there is no task
 * @param rpcTimeout how long a worker waits for any reply before retrying the call
 * @param coordinatorLostAfter how long a worker tolerates an unreachable coordinator before giving
 *     up
 * @param speculationAfter minimum run time before a task may get a backup attempt
 * @param noWorkerTimeout the longest an embedded cluster (in-process or simulated) lets a job wait
 *     with no live worker: it runs the job with the shorter of this and the job's own {@code
 *     Job.noWorkerTimeout}. The wait is a job setting; it is here too so that {@link #scaledDown}
 *     shortens it with every other clock. A coordinator started any other way does not read it.
 */
public record Timings(
    Duration heartbeatInterval,
    Duration failureCheckInterval,
    Duration failureTimeout,
    Duration statusInterval,
    Duration idlePoll,
    Duration rpcTimeout,
    Duration coordinatorLostAfter,
    Duration speculationAfter,
    Duration noWorkerTimeout) {

  /** The same as the job's default wait, so unscaled timings leave a default job's wait alone. */
  private static final Duration DEFAULT_NO_WORKER_TIMEOUT = Duration.ofSeconds(120);

  /** Timings whose no-live-worker bound is the default, 120 s. */
  public Timings(
      Duration heartbeatInterval,
      Duration failureCheckInterval,
      Duration failureTimeout,
      Duration statusInterval,
      Duration idlePoll,
      Duration rpcTimeout,
      Duration coordinatorLostAfter,
      Duration speculationAfter) {
    this(
        heartbeatInterval,
        failureCheckInterval,
        failureTimeout,
        statusInterval,
        idlePoll,
        rpcTimeout,
        coordinatorLostAfter,
        speculationAfter,
        DEFAULT_NO_WORKER_TIMEOUT);
  }

  public static Timings defaults() {
    return new Timings(
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        DEFAULT_NO_WORKER_TIMEOUT);
  }

  /** Every interval divided by {@code factor}: for tests with real time that must run fast. */
  public Timings scaledDown(int factor) {
    return new Timings(
        heartbeatInterval.dividedBy(factor),
        failureCheckInterval.dividedBy(factor),
        failureTimeout.dividedBy(factor),
        statusInterval.dividedBy(factor),
        idlePoll,
        rpcTimeout.dividedBy(factor),
        coordinatorLostAfter.dividedBy(factor),
        speculationAfter.dividedBy(factor),
        noWorkerTimeout.dividedBy(factor));
  }

  public Timings withStatusInterval(Duration d) {
    return new Timings(
        heartbeatInterval,
        failureCheckInterval,
        failureTimeout,
        d,
        idlePoll,
        rpcTimeout,
        coordinatorLostAfter,
        speculationAfter,
        noWorkerTimeout);
  }

  /**
   * {@code job} with its no-live-worker wait cut to {@link #noWorkerTimeout()} if longer: what an
   * embedded cluster runs, so that scaled-down timings shorten that wait too.
   */
  public Job boundNoWorkerWait(Job job) {
    return job.noWorkerTimeout().compareTo(noWorkerTimeout) <= 0
        ? job
        : job.toBuilder().noWorkerTimeout(noWorkerTimeout).build();
  }
}
