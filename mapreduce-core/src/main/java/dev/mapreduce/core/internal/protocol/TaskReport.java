package dev.mapreduce.core.internal.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * How an attempt ended.
 *
 * @param error for FAILED: what went wrong; for FETCH_FAILED: why the fetch failed
 * @param failedMapAttempt for FETCH_FAILED: the map attempt whose output could not be fetched
 * @param counters the attempt's counters (used only if this attempt is the one that counts)
 * @param badRecord for FAILED map attempts of a job that skips bad records: the record the mapper
 *     failed on
 */
public record TaskReport(
    String workerId,
    String attemptId,
    Outcome outcome,
    Optional<String> error,
    Optional<String> failedMapAttempt,
    Map<String, Long> counters,
    Optional<BadRecord> badRecord) {

  public TaskReport {
    counters = Map.copyOf(counters);
  }

  /** The mapper failed on one record, which a next attempt may skip. */
  public static TaskReport failedOnRecord(
      String worker, String attempt, String error, BadRecord record) {
    return new TaskReport(
        worker,
        attempt,
        Outcome.FAILED,
        Optional.of(error),
        Optional.empty(),
        Map.of(),
        Optional.of(record));
  }

  public enum Outcome {
    SUCCEEDED,
    FAILED,
    FETCH_FAILED
  }

  public static TaskReport succeeded(String worker, String attempt, Map<String, Long> counters) {
    return new TaskReport(
        worker,
        attempt,
        Outcome.SUCCEEDED,
        Optional.empty(),
        Optional.empty(),
        counters,
        Optional.empty());
  }

  public static TaskReport failed(String worker, String attempt, String error) {
    return new TaskReport(
        worker,
        attempt,
        Outcome.FAILED,
        Optional.of(error),
        Optional.empty(),
        Map.of(),
        Optional.empty());
  }

  public static TaskReport fetchFailed(
      String worker, String attempt, String mapAttempt, String error) {
    return new TaskReport(
        worker,
        attempt,
        Outcome.FETCH_FAILED,
        Optional.of(error),
        Optional.of(mapAttempt),
        Map.of(),
        Optional.empty());
  }
}
