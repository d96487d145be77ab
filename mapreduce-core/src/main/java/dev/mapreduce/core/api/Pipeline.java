package dev.mapreduce.core.api;

import dev.mapreduce.core.api.PipelineResult.StageResult;
import dev.mapreduce.core.internal.io.FileTrees;
import dev.mapreduce.core.time.Clock;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs chained so that each one reads the output of the one before it, run one after the other on
 * one {@link JobRunner}.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.builder("sales")
 *     .output(Path.of("top-countries"))
 *     .first("join", () -> Job.builder("join").input(users, orders).mapper(...).reducer(...))
 *     .then("sum", joined -> Job.builder("sum").input(joined).mapper(...).reducer(...))
 *     .build();
 * PipelineResult r = p.run(cluster);
 * }</pre>
 *
 * <p>Each stage's job is built without an output: the pipeline gives the last stage the final
 * output and every other stage a directory {@code stage-<n>-<stage name>} under {@link
 * #workDirectory()}, which is {@code <final output>.pipeline-<pipeline name>} next to the final
 * output. Next to it, because workers on other machines must see the intermediate output as they
 * see the final one (a shared mount), and a fresh directory under {@code /tmp} would not be shared.
 *
 * <p>Every stage's job is built, and so checked, by {@link Builder#build()}: a mistake in the last
 * stage is found before the first one runs. {@link #run} then runs the stages in order and stops at
 * the first that fails. On success it deletes the work directory. On failure it keeps it, with the
 * outputs of the stages that succeeded, for inspection: a rerun is refused until it is removed. A
 * failed pipeline never leaves a final output that looks complete: either the last stage never ran,
 * or it failed and the engine removed its parts.
 */
public final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  /**
   * Pipeline and stage names become file names: no separators, no leading dot (hidden) or
   * underscore (an input directory's files starting with either are skipped).
   */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String name;
  private final Path output;
  private final Path workDirectory;
  private final List<Stage> stages;

  private Pipeline(String name, Path output, Path workDirectory, List<Stage> stages) {
    this.name = name;
    this.output = output;
    this.workDirectory = workDirectory;
    this.stages = List.copyOf(stages);
  }

  /**
   * Starts a pipeline named {@code name}: letters, digits, '.', '_' or '-', starting with a letter
   * or digit, at most 64 characters, because it names the work directory.
   *
   * @param name the pipeline's name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The last stage's output, absolute. */
  public Path output() {
    return output;
  }

  /** Where the intermediate stages write: {@code <output>.pipeline-<name>}, next to the output. */
  public Path workDirectory() {
    return workDirectory;
  }

  /** The stages in order, each with its job and the output the pipeline assigned to it. */
  public List<Stage> stages() {
    return stages;
  }

  /**
   * One stage: its name and its job, whose output is the next stage's input.
   *
   * @param name the stage's name, unique in its pipeline
   * @param job the stage's job, with the output the pipeline assigned
   */
  public record Stage(String name, Job job) {
    public Stage {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(job, "job");
    }
  }

  /**
   * Runs the stages in order on {@code runner}, stopping at the first that fails.
   *
   * <p>When every stage succeeds the work directory is deleted (if that fails, the pipeline still
   * succeeded and {@link PipelineResult#intermediatesKept()} says the directory is left). When a
   * stage fails, the stages after it do not run and the work directory is kept with the outputs of
   * the stages before it; {@link PipelineResult#intermediatesKept()} is then true.
   *
   * @param runner runs each stage's job; the same one runs every stage
   * @return each stage's result, which stage failed if one did, and the total duration
   * @throws InvalidJobException before anything runs, if the final output is no longer empty or the
   *     work directory exists (left by an earlier run, say); and from the runner, if a stage's job
   *     cannot start: the work directory is then kept, unless it was the first stage
   */
  public PipelineResult run(JobRunner runner) {
    Objects.requireNonNull(runner, "runner");
    // Checked again: the file system may have changed since build().
    checkOutputEmpty(name, output);
    boolean intermediates = stages.size() > 1;
    if (intermediates) {
      createWorkDirectory();
    }
    Clock clock = Clock.system();
    long start = clock.millis();
    List<StageResult> done = new ArrayList<>();
    for (Stage stage : stages) {
      JobResult result;
      try {
        result = runner.run(stage.job());
      } catch (RuntimeException e) {
        if (done.isEmpty() && intermediates) {
          // Nothing ran: leave the file system as it was, so a corrected rerun is not refused.
          FileTrees.deleteQuietly(workDirectory);
        }
        throw e;
      }
      done.add(new StageResult(stage.name(), result));
      if (!result.succeeded()) {
        break;
      }
    }
    boolean succeeded = done.size() == stages.size() && done.get(done.size() - 1).succeeded();
    boolean kept = intermediates && (!succeeded || !deleteWorkDirectory());
    List<String> notRun =
        stages.subList(done.size(), stages.size()).stream().map(Stage::name).toList();
    return new PipelineResult(
        name, output, done, notRun, workDirectory, kept, Duration.ofMillis(clock.millis() - start));
  }

  private void createWorkDirectory() {
    try {
      Files.createDirectories(workDirectory.getParent());
      // Atomic: of two runs of the same pipeline started together, one is refused here.
      Files.createDirectory(workDirectory);
    } catch (FileAlreadyExistsException e) {
      throw workDirectoryExists(name, workDirectory);
    } catch (IOException e) {
      throw new InvalidJobException(
          "Pipeline '" + name + "': cannot create its work directory " + workDirectory + ": " + e,
          e);
    }
  }

  /** Deletes the work directory; false, with a warning, if some of it is left. */
  private boolean deleteWorkDirectory() {
    try {
      FileTrees.delete(workDirectory);
      return true;
    } catch (IOException e) {
      log.warn(
          "pipeline '{}' succeeded but its work directory {} could not be deleted: {}",
          name,
          workDirectory,
          e.toString());
      return false;
    }
  }

  private static InvalidJobException workDirectoryExists(String name, Path dir) {
    return new InvalidJobException(
        "Pipeline '"
            + name
            + "': its work directory "
            + dir
            + " exists (left by a failed run?); inspect and remove it, or rename the pipeline");
  }

  private static void checkOutputEmpty(String name, Path output) {
    if (!Files.exists(output)) {
      return;
    }
    if (!Files.isDirectory(output)) {
      throw new InvalidJobException(
          "Pipeline '" + name + "': its output exists and is not a directory: " + output);
    }
    try (Stream<Path> entries = Files.list(output)) {
      if (entries.findAny().isPresent()) {
        throw new InvalidJobException(
            "Pipeline '"
                + name
                + "': its output directory is not empty: "
                + output
                + " (remove it or choose another)");
      }
    } catch (IOException e) {
      throw new InvalidJobException(
          "Pipeline '" + name + "': cannot read its output directory " + output + ": " + e, e);
    }
  }

  /**
   * Builds a {@link Pipeline}: {@link #first} once, then {@link #then} for each further stage.
   * {@link #build()} checks everything before anything runs.
   */
  public static final class Builder {
    private final String name;
    private Path output;
    private final List<String> stageNames = new ArrayList<>();
    // The first stage reads no earlier output: its function ignores the argument (null).
    private final List<Function<Path, Job.Builder>> stageJobs = new ArrayList<>();
    private int firstCalls;
    private boolean thenBeforeFirst;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The last stage's output: a directory that must not exist or must be empty.
     *
     * @param dir the final output directory
     * @return this builder
     */
    public Builder output(Path dir) {
      this.output = dir;
      return this;
    }

    /**
     * The first stage, which reads the pipeline's own inputs.
     *
     * @param stageName the stage's name (as the pipeline's name: it names a directory)
     * @param job makes the stage's job, without an output
     * @return this builder
     */
    public Builder first(String stageName, Supplier<Job.Builder> job) {
      Objects.requireNonNull(job, "job");
      if (!stageNames.isEmpty()) {
        thenBeforeFirst = true;
      }
      firstCalls++;
      return add(stageName, previous -> job.get());
    }

    /**
     * A stage that reads the previous stage's output.
     *
     * @param stageName the stage's name (as the pipeline's name: it names a directory)
     * @param job makes the stage's job, without an output, from the previous stage's output
     *     directory: its {@code key<TAB>value} lines when the previous stage writes {@code
     *     TextOutput}, which {@code KeyValueLines} reads as (key, value)
     * @return this builder
     */
    public Builder then(String stageName, Function<Path, Job.Builder> job) {
      Objects.requireNonNull(job, "job");
      if (stageNames.isEmpty()) {
        thenBeforeFirst = true;
      }
      return add(stageName, job);
    }

    private Builder add(String stageName, Function<Path, Job.Builder> job) {
      stageNames.add(Objects.requireNonNull(stageName, "stageName"));
      stageJobs.add(job);
      return this;
    }

    /**
     * Checks the pipeline and builds every stage's job, so that a bad stage is refused before the
     * first one runs.
     *
     * @return the pipeline
     * @throws InvalidJobException with no stages, a stage added with {@code then} before {@code
     *     first} or {@code first} twice, a bad or repeated name, no output, an output that exists
     *     and is not empty, a work directory that exists, or a stage's job that sets its own output
     *     or is invalid
     */
    public Pipeline build() {
      if (!NAME.matcher(name).matches()) {
        throw new InvalidJobException(
            "Pipeline name '"
                + name
                + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
                + " digit: it names the work directory");
      }
      if (stageNames.isEmpty()) {
        throw new InvalidJobException("Pipeline '" + name + "' has no stages");
      }
      if (thenBeforeFirst || firstCalls != 1) {
        throw new InvalidJobException(
            "Pipeline '"
                + name
                + "': add its first stage with first(...), once, then every other with then(...)");
      }
      Set<String> seen = new HashSet<>();
      for (String stage : stageNames) {
        if (!NAME.matcher(stage).matches()) {
          throw new InvalidJobException(
              "Pipeline '"
                  + name
                  + "': stage name '"
                  + stage
                  + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
                  + " digit: it names a directory");
        }
        if (!seen.add(stage)) {
          throw new InvalidJobException(
              "Pipeline '" + name + "': two stages are named '" + stage + "'");
        }
      }
      if (output == null) {
        throw new InvalidJobException("Pipeline '" + name + "' has no output directory");
      }
      Path out = output.toAbsolutePath().normalize();
      if (out.getParent() == null) {
        throw new InvalidJobException(
            "Pipeline '" + name + "': the output cannot be a root directory: " + out);
      }
      Path work = out.resolveSibling(out.getFileName() + ".pipeline-" + name);
      checkOutputEmpty(name, out);
      if (Files.exists(work)) {
        throw workDirectoryExists(name, work);
      }
      List<Stage> stages = new ArrayList<>();
      Path previous = null;
      for (int i = 0; i < stageNames.size(); i++) {
        String stage = stageNames.get(i);
        boolean last = i == stageNames.size() - 1;
        Path stageOutput = last ? out : work.resolve("stage-" + (i + 1) + "-" + stage);
        Job.Builder job = stageJobs.get(i).apply(previous);
        if (job == null) {
          throw new InvalidJobException(
              "Pipeline '" + name + "': stage '" + stage + "' made no job (null)");
        }
        if (job.hasOutput()) {
          throw new InvalidJobException(
              "Pipeline '"
                  + name
                  + "': stage '"
                  + stage
                  + "' sets its own output; leave it out, the pipeline assigns every stage's");
        }
        try {
          stages.add(new Stage(stage, job.output(stageOutput).build()));
        } catch (InvalidJobException e) {
          throw new InvalidJobException(
              "Pipeline '" + name + "', stage '" + stage + "': " + e.getMessage(), e);
        }
        previous = stageOutput;
      }
      return new Pipeline(name, out, work, stages);
    }
  }
}
