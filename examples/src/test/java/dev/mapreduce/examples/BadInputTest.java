package dev.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.inprocess.InProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path dir;
  private Path input;
  private final InProcessCluster cluster = InProcessCluster.builder().workers(2).build();

  @BeforeEach
  void writeInput() throws IOException {
    input = dir.resolve("in.txt");
    Files.writeString(input, "a b c\nd e f\n");
  }

  private Job.Builder wordCount(Path in, Path out) {
    return new WordCount().configure(Job.builder("wc").input(in).output(out));
  }

  /** Throws on every attempt. */
  public static final class AlwaysThrows implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long k, String line, Emitter<String, Long> out) {
      throw new IllegalStateException("bad record at offset " + k);
    }
  }

  /** Throws on the first attempt of each task only. */
  public static final class FlakyReducer implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {
      if (out.task().attempt() == 1) {
        throw new IllegalStateException("transient");
      }
      long s = 0;
      for (long v : vs) {
        s += v;
      }
      out.emit(k, s);
    }
  }

  private static void assertNoOutputLooksComplete(Path out) throws IOException {
    if (!Files.exists(out)) {
      return;
    }
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .noneMatch(n -> n.equals("_SUCCESS") || n.startsWith("part-"));
    }
  }

  @Test
  void missingInputIsRefusedBeforeAnythingRuns() throws IOException {
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> cluster.run(wordCount(dir.resolve("missing.txt"), out).build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("missing.txt");
    assertThat(out).doesNotExist();
  }

  @Test
  void nonEmptyOutputIsRefusedAndLeftAlone() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("mine.txt"), "keep");
    assertThatThrownBy(() -> cluster.run(wordCount(input, out).build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("not empty");
    assertThat(Files.readString(out.resolve("mine.txt"))).isEqualTo("keep");
  }

  @Test
  void badCountsAreRefused() {
    assertThatThrownBy(() -> wordCount(input, dir.resolve("o")).reduceTasks(0).build())
        .hasMessageContaining("reduce tasks must be at least 1");
    assertThatThrownBy(() -> wordCount(input, dir.resolve("o")).splitSize(0).build())
        .hasMessageContaining("split size must be at least 1");
  }

  @Test
  void aMapperThatAlwaysThrowsFailsTheJobNamingTaskAttemptsAndException() throws IOException {
    Path out = dir.resolve("out");
    Job job =
        Job.builder("throws")
            .input(input)
            .output(out)
            .mapper(AlwaysThrows.class)
            .reducer(WordCount.SumReducer.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .build();
    JobResult result = cluster.run(job);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.failureReason().orElseThrow())
        .contains("m-00000")
        .contains("3 times")
        .contains("m-00000-a1", "m-00000-a2", "m-00000-a3")
        .contains("IllegalStateException: bad record at offset 0");
    assertNoOutputLooksComplete(out);
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheJobSucceeds() throws IOException {
    Path out = dir.resolve("out");
    Job job =
        Job.builder("flaky")
            .input(input)
            .output(out)
            .mapper(WordCount.TokenMapper.class)
            .reducer(FlakyReducer.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .reduceTasks(2)
            .build();
    JobResult result = cluster.run(job);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.tasks())
        .filteredOn(t -> t.taskId().startsWith("r-"))
        .allSatisfy(t -> assertThat(t.attempts()).isEqualTo(2));
    assertThat(OutputFiles.counts(out)).isEqualTo(Reference.wordCount(input));
  }
}
