package dev.mapreduce.core.config;

import java.time.Duration;

/**
 * The cluster's clocks. Defaults are the Python prototype's: heartbeat every 3 s, failure check
 * every 5 s, a worker FAILED after 10 s of silence, status every 10 s.
 *
 * @param idlePoll how long an idle worker waits before asking again when there is no task
 * @param rpcTimeout how long a worker waits for any reply before retrying the call
 * @param coordinatorLostAfter how long a worker tolerates an unreachable coordinator before giving up
 * @param speculationAfter minimum run time before a task may get a backup attempt
 */
public record Timings(
    Duration heartbeatInterval,
    Duration failureCheckInterval,
    Duration failureTimeout,
    Duration statusInterval,
    Duration idlePoll,
    Duration rpcTimeout,
    Duration coordinatorLostAfter,
    Duration speculationAfter) {

  public static Timings defaults() {
    return new Timings(
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10));
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
        speculationAfter.dividedBy(factor));
  }

  public Timings withStatusInterval(Duration d) {
    return new Timings(
        heartbeatInterval, failureCheckInterval, failureTimeout, d, idlePoll, rpcTimeout,
        coordinatorLostAfter, speculationAfter);
  }

}
