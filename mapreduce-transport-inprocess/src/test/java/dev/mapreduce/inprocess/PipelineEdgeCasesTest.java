package dev.mapreduce.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobOutput;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Pipeline;
import dev.mapreduce.core.api.PipelineResult;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.format.KeyValueLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines, and files changing under a running job. */
class PipelineEdgeCasesTest {
  @TempDir Path dir;

  public static final class Explode implements Mapper<String, String, String, String> {
    @Override
    public void map(String key, String value, Emitter<String, String> out) {
      throw new IllegalStateException("last stage always fails");
    }
  }

  public static final class Nothing implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {}
  }

  public static final class Count implements Mapper<String, String, String, Long> {
    @Override
    public void map(String key, String value, Emitter<String, Long> out) {
      out.emit(key, 1L);
    }
  }

  /** The first map task deletes the second input file before its task reads it. */
  public static final class DeleteOther implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      if (line.startsWith("delete ")) {
        try {
          Files.deleteIfExists(Path.of(line.substring("delete ".length())));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      out.emit(line, 1L);
    }
  }

  private static InProcessCluster cluster() {
    return InProcessCluster.builder().workers(1).build();
  }

  private static List<Path> parts(Path out) throws Exception {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aFailingLastStageLeavesNoPartAndKeepsTheIntermediates() throws Exception {
    Path out = dir.resolve("final");
    Pipeline p =
        Pipeline.builder("p")
            .output(out)
            .first(
                "one",
                () ->
                    Job.builder("one")
                        .inputLines(List.of("a", "b"))
                        .mapper(TestJobs.Words.class)
                        .reducer(TestJobs.Sum.class)
                        .mapOutput(StringCodec.class, LongCodec.class))
            .then(
                "two",
                prev ->
                    Job.builder("two")
                        .input(prev)
                        .inputFormat(KeyValueLines.class)
                        .mapper(Explode.class)
                        .reducer(TestJobs.FirstString.class)
                        .maxAttempts(1))
            .build();
    PipelineResult r = p.run(cluster());
    assertThat(r.succeeded()).isFalse();
    assertThat(r.intermediatesKept()).isTrue();
    assertThat(parts(out)).isEmpty();
    assertThat(JobOutput.lines(p.stages().get(0).job().output())).hasSize(2);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aStageThatWritesNothingFeedsAnEmptyNextStage() throws Exception {
    Path out = dir.resolve("final");
    Pipeline p =
        Pipeline.builder("empty")
            .output(out)
            .first(
                "none",
                () ->
                    Job.builder("none")
                        .inputLines(List.of("a"))
                        .mapper(Nothing.class)
                        .reducer(TestJobs.Sum.class)
                        .mapOutput(StringCodec.class, LongCodec.class))
            .then(
                "count",
                prev ->
                    Job.builder("count")
                        .input(prev)
                        .inputFormat(KeyValueLines.class)
                        .mapper(Count.class)
                        .reducer(TestJobs.Sum.class)
                        .mapOutput(StringCodec.class, LongCodec.class))
            .build();
    PipelineResult r = p.run(cluster());
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(JobOutput.lines(out)).isEmpty();
    assertThat(p.workDirectory()).doesNotExist();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anInputFileDeletedAfterPlanningFailsTheJobNamingIt() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path b = in.resolve("b-victim.txt");
    Files.writeString(in.resolve("a.txt"), "delete " + b.toAbsolutePath() + "\n");
    Files.writeString(b, "x\n");
    Path out = dir.resolve("out");
    JobResult r =
        cluster()
            .run(
                Job.builder("deleted")
                    .input(in)
                    .output(out)
                    .mapper(DeleteOther.class)
                    .reducer(TestJobs.Sum.class)
                    .mapOutput(StringCodec.class, LongCodec.class)
                    .speculative(false)
                    .maxAttempts(1)
                    .build());
    assertThat(r.succeeded()).isFalse();
    assertThat(r.failureReason().orElse("")).contains("b-victim.txt");
    assertThat(parts(out)).isEmpty();
  }
}
