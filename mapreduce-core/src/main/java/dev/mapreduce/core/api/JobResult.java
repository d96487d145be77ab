package dev.mapreduce.core.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * How a job ended.
 *
 * @param failureReason empty when the job succeeded
 * @param counters built-in ({@code mapreduce.*}) and user counters, one successful attempt per task
 * @param tasks one entry per map and reduce task
 * @param skippedRecords input records left out because the mapper failed on them (only in a job
 *     that {@linkplain Job.Builder#skipBadRecords skips bad records}), in the order they were met
 */
public record JobResult(
    String jobName,
    Path output,
    Optional<String> failureReason,
    Map<String, Long> counters,
    List<TaskSummary> tasks,
    int reassignments,
    List<String> failedWorkers,
    Duration duration,
    List<SkippedRecord> skippedRecords) {

  public JobResult {
    counters = Map.copyOf(counters);
    tasks = List.copyOf(tasks);
    failedWorkers = List.copyOf(failedWorkers);
    skippedRecords = List.copyOf(skippedRecords);
  }

  /** A result with no skipped records. */
  public JobResult(
      String jobName,
      Path output,
      Optional<String> failureReason,
      Map<String, Long> counters,
      List<TaskSummary> tasks,
      int reassignments,
      List<String> failedWorkers,
      Duration duration) {
    this(
        jobName,
        output,
        failureReason,
        counters,
        tasks,
        reassignments,
        failedWorkers,
        duration,
        List.of());
  }

  /**
   * An input record the job left out.
   *
   * @param taskId the map task whose split holds it
   * @param file the input file (empty for in-memory lines)
   * @param record where it is, as the input format keys it (for text, {@code "offset 1234"})
   * @param error what the mapper threw on it
   */
  public record SkippedRecord(String taskId, Optional<Path> file, String record, String error) {}

  public boolean succeeded() {
    return failureReason.isEmpty();
  }

  /**
   * The total of a counter some attempt created ({@link Emitter#counter}, or a built-in one from
   * {@link Counters}), 0 if it was created but never incremented.
   *
   * @throws IllegalArgumentException if no counter has that name: a misspelt name is an error, not
   *     a zero that would make an assertion pass
   */
  public long counter(String name) {
    Long value = counters.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "no counter named '" + name + "'; counters: " + new TreeSet<>(counters.keySet()));
    }
    return value;
  }

  /** The total of counter {@code name}, or empty if no attempt created it. */
  public OptionalLong findCounter(String name) {
    Long value = counters.get(name);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  public int totalAttempts() {
    return tasks.stream().mapToInt(TaskSummary::attempts).sum();
  }

  /**
   * One task's history.
   *
   * @param attempts attempts started, including speculative backups and re-executions
   * @param worker the worker whose attempt counted (empty if none did)
   */
  public record TaskSummary(
      String taskId,
      int attempts,
      Optional<String> worker,
      Duration duration,
      Optional<String> lastError) {}
}
