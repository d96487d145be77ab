package dev.mapreduce.core.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Pipeline} ended.
 *
 * @param pipelineName the pipeline's name
 * @param output the final output, committed only if the pipeline succeeded
 * @param stages the stages that ran, in order; only the last may have failed
 * @param notRun the names of the stages that did not run because an earlier one failed
 * @param workDirectory where the intermediate stages wrote
 * @param intermediatesKept whether {@code workDirectory} is still there: always after a failure
 *     (for inspection; remove it before running the pipeline again), after a success only if
 *     deleting it failed
 * @param duration from the start of the first stage to the end of the last one that ran
 */
public record PipelineResult(
    String pipelineName,
    Path output,
    List<StageResult> stages,
    List<String> notRun,
    Path workDirectory,
    boolean intermediatesKept,
    Duration duration) {

  public PipelineResult {
    stages = List.copyOf(stages);
    notRun = List.copyOf(notRun);
  }

  /** True when every stage ran and succeeded. */
  public boolean succeeded() {
    return notRun.isEmpty() && stages.stream().allMatch(StageResult::succeeded);
  }

  /** The stage that failed, if one did. */
  public Optional<StageResult> failedStage() {
    return stages.stream().filter(s -> !s.succeeded()).findFirst();
  }

  /** Which stage failed and why, for a message; empty on success. */
  public Optional<String> failureReason() {
    return failedStage()
        .map(
            s ->
                "stage '"
                    + s.name()
                    + "' ("
                    + (stages.indexOf(s) + 1)
                    + " of "
                    + (stages.size() + notRun.size())
                    + ") failed: "
                    + s.result().failureReason().orElse("")
                    + (intermediatesKept
                        ? "; the earlier stages' output is kept in " + workDirectory
                        : ""));
  }

  /**
   * The result of the stage named {@code name}.
   *
   * @throws IllegalArgumentException if no stage of that name ran, naming those that did
   */
  public JobResult stage(String name) {
    return stages.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .map(StageResult::result)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no stage named '"
                        + name
                        + "' ran; stages run: "
                        + stages.stream().map(StageResult::name).toList()
                        + ", not run: "
                        + notRun));
  }

  /**
   * One stage that ran.
   *
   * @param name the stage's name
   * @param result how its job ended
   */
  public record StageResult(String name, JobResult result) {
    public StageResult {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(result, "result");
    }

    public boolean succeeded() {
      return result.succeeded();
    }
  }
}
