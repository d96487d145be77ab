package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's own rules, with a runner that only pretends to run jobs: it commits an output (one
 * part and {@code _SUCCESS}) or fails as told, and records what it was asked to run.
 */
class PipelineTest {
  @TempDir Path dir;
  private Path input;
  private Path output;

  public static final class Pairs implements Mapper<Long, String, String, String> {
    @Override
    public void map(Long offset, String line, Emitter<String, String> out) {
      out.emit(line, line);
    }
  }

  public static final class First implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String k, Iterable<String> vs, Emitter<String, String> out) {
      out.emit(k, vs.iterator().next());
    }
  }

  /** Commits every job's output, except the one named {@code failing}. */
  private static final class FakeRunner implements JobRunner {
    final List<Job> ran = new ArrayList<>();
    final String failing;

    FakeRunner(String failing) {
      this.failing = failing;
    }

    @Override
    public JobResult run(Job job) {
      ran.add(job);
      boolean fails = job.name().equals(failing);
      if (!fails) {
        try {
          Files.createDirectories(job.output());
          Files.writeString(job.output().resolve("part-r-00000"), job.name() + "\tdone\n");
          Files.writeString(job.output().resolve("_SUCCESS"), "{}");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return new JobResult(
          job.name(),
          job.output(),
          fails ? Optional.of("Task m-00000 failed 3 times") : Optional.empty(),
          Map.of(),
          List.of(),
          0,
          List.of(),
          Duration.ofMillis(5));
    }
  }

  @BeforeEach
  void writeInput() throws IOException {
    input = dir.resolve("in.txt");
    Files.writeString(input, "x\n");
    output = dir.resolve("out");
  }

  private static Job.Builder job(String name, Path in) {
    return Job.builder(name).input(in).mapper(Pairs.class).reducer(First.class);
  }

  private Pipeline.Builder threeStages() {
    return Pipeline.builder("p")
        .output(output)
        .first("a", () -> job("a", input))
        .then("b", in -> job("b", in))
        .then("c", in -> job("c", in));
  }

  @Test
  void chainsOutputsToInputsAndRemovesTheIntermediatesOnSuccess() throws IOException {
    Pipeline pipeline = threeStages().build();
    Path work = dir.resolve("out.pipeline-p");
    assertThat(pipeline.workDirectory()).isEqualTo(work.toAbsolutePath());
    FakeRunner runner = new FakeRunner("none");

    PipelineResult result = pipeline.run(runner);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.failedStage()).isEmpty();
    assertThat(result.failureReason()).isEmpty();
    assertThat(runner.ran).extracting(Job::name).containsExactly("a", "b", "c");
    assertThat(runner.ran.get(0).inputs()).containsExactly(input);
    assertThat(runner.ran.get(0).output()).isEqualTo(work.resolve("stage-1-a").toAbsolutePath());
    assertThat(runner.ran.get(1).inputs()).containsExactly(runner.ran.get(0).output());
    assertThat(runner.ran.get(1).output()).isEqualTo(work.resolve("stage-2-b").toAbsolutePath());
    assertThat(runner.ran.get(2).inputs()).containsExactly(runner.ran.get(1).output());
    assertThat(runner.ran.get(2).output()).isEqualTo(output.toAbsolutePath());
    assertThat(result.stages())
        .extracting(PipelineResult.StageResult::name)
        .containsExactly("a", "b", "c");
    assertThat(result.stage("b").jobName()).isEqualTo("b");
    assertThat(result.notRun()).isEmpty();
    assertThat(result.intermediatesKept()).isFalse();
    assertThat(work).doesNotExist();
    assertThat(JobOutput.lines(output)).containsExactly("c\tdone");
    // Only the final output is left next to it.
    try (var entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsOnly("in.txt", "out");
    }
  }

  @Test
  void stopsAtTheFirstFailedStageAndKeepsTheIntermediates() {
    FakeRunner runner = new FakeRunner("b");

    PipelineResult result = threeStages().build().run(runner);

    assertThat(result.succeeded()).isFalse();
    assertThat(runner.ran).extracting(Job::name).containsExactly("a", "b");
    assertThat(result.failedStage()).map(PipelineResult.StageResult::name).contains("b");
    assertThat(result.notRun()).containsExactly("c");
    assertThat(result.intermediatesKept()).isTrue();
    assertThat(result.failureReason().orElseThrow())
        .contains("stage 'b' (2 of 3) failed: Task m-00000 failed 3 times")
        .contains("out.pipeline-p");
    Path work = dir.resolve("out.pipeline-p");
    assertThat(work.resolve("stage-1-a").resolve("_SUCCESS")).exists();
    assertThat(output).doesNotExist();
    assertThatThrownBy(() -> result.stage("c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not run: [c]");
    // The kept work directory refuses a rerun until someone looks at it.
    assertThatThrownBy(() -> threeStages().build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("out.pipeline-p")
        .hasMessageContaining("exists");
  }

  @Test
  void refusesABadPipelineBeforeAnythingRuns() throws IOException {
    assertThatThrownBy(() -> Pipeline.builder("p").output(output).build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("no stages");
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .output(output)
                    .first("a", () -> job("a", input))
                    .then("a", in -> job("a2", in))
                    .build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("two stages are named 'a'");
    assertThatThrownBy(
            () -> Pipeline.builder("p").output(output).then("a", in -> job("a", in)).build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("first(...)");
    assertThatThrownBy(
            () -> Pipeline.builder("p").output(output).first("a/b", () -> job("a", input)).build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("'a/b'");
    assertThatThrownBy(
            () -> Pipeline.builder("../p").output(output).first("a", () -> job("a", input)).build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("'../p'");
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .output(output)
                    .first("a", () -> job("a", input).output(dir.resolve("mine")))
                    .build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("sets its own output");
    // The last stage's mistake is found before the first stage could run.
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .output(output)
                    .first("a", () -> job("a", input))
                    .then("b", in -> job("b", in).reduceTasks(0))
                    .build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("stage 'b'")
        .hasMessageContaining("reduce tasks");

    Files.createDirectories(output);
    Files.writeString(output.resolve("old.txt"), "mine");
    assertThatThrownBy(() -> threeStages().build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("not empty");
    assertThat(dir.resolve("out.pipeline-p")).doesNotExist();
  }

  @Test
  void runRefusesAWorkDirectoryThatAppearedAfterBuild() throws IOException {
    Pipeline pipeline = threeStages().build();
    Files.createDirectories(pipeline.workDirectory().resolve("someone-else"));
    FakeRunner runner = new FakeRunner("none");

    assertThatThrownBy(() -> pipeline.run(runner))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("exists");
    assertThat(runner.ran).isEmpty();
    assertThat(pipeline.workDirectory().resolve("someone-else")).exists();
  }

  @Test
  void aFirstStageThatCannotStartLeavesNoWorkDirectory() {
    Pipeline pipeline = threeStages().build();
    JobRunner refusing =
        job -> {
          throw new InvalidJobException("Input path does not exist: " + job.inputs());
        };

    assertThatThrownBy(() -> pipeline.run(refusing))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("does not exist");
    assertThat(pipeline.workDirectory()).doesNotExist();
  }
}
