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
 */
public record JobResult(
    String jobName,
    Path output,
    Optional<String> failureReason,
    Map<String, Long> counters,
    List<TaskSummary> tasks,
    int reassignments,
    List<String> failedWorkers,
    Duration duration) {

  public JobResult {
    counters = Map.copyOf(counters);
    tasks = List.copyOf(tasks);
    failedWorkers = List.copyOf(failedWorkers);
  }

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
