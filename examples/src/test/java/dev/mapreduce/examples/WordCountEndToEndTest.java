package dev.mapreduce.examples;

import static dev.mapreduce.examples.OutputAssertions.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.inprocess.InProcessCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordCountEndToEndTest {
  @TempDir Path dir;
  private final InProcessCluster cluster = InProcessCluster.builder().workers(3).build();

  private JobResult wordCount(Path input, Path output, int r, long splitSize) {
    Job job =
        new WordCount()
            .configure(Job.builder("wordcount").input(input).output(output))
            .reduceTasks(r)
            .splitSize(splitSize)
            .build();
    return cluster.run(job);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
  void manyFilesAnyNumberOfReducers(int r) throws IOException {
    Path input = dir.resolve("in");
    new CorpusGenerator(500, r).write(input, 4, 20_000);
    Path output = dir.resolve("out");
    JobResult result = wordCount(input, output, r, 7_000);
    assertThat(result.succeeded()).as(result.failureReason().orElse("")).isTrue();
    assertThat(OutputFiles.counts(output)).isEqualTo(Reference.wordCount(input));
    assertWellFormed(output, r);
    assertThat(result.counter(Counters.MAP_INPUT_BYTES)).isEqualTo(totalSize(input));
  }

  @Test
  void unicodeCrlfAndSplitsSmallerThanALine() throws IOException {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    Files.writeString(
        input.resolve("a.txt"),
        "Straße STRASSE straße\r\nÉcole école ÉCOLE\r\n東京 東京タワー 😀 emoji😀emoji\r\n",
        StandardCharsets.UTF_8);
    Files.writeString(input.resolve("b.txt"), "x".repeat(5000) + " tail\nΩmega ωMEGA 42 4x2\n");
    Files.writeString(input.resolve("empty.txt"), "");
    Path output = dir.resolve("out");
    JobResult result = wordCount(input, output, 3, 3);
    assertThat(result.succeeded()).isTrue();
    assertThat(OutputFiles.counts(output))
        .isEqualTo(Reference.wordCount(input))
        .containsEntry("straße", 2L);
    assertWellFormed(output, 3);
  }

  @Test
  void oneLineAndEmptyInput() throws IOException {
    Path one = dir.resolve("one.txt");
    Files.writeString(one, "hello world");
    JobResult r1 = wordCount(one, dir.resolve("out1"), 2, 1 << 20);
    assertThat(OutputFiles.counts(dir.resolve("out1"))).isEqualTo(Map.of("hello", 1L, "world", 1L));
    assertThat(r1.succeeded()).isTrue();

    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("nothing.txt"), "");
    JobResult r2 = wordCount(empty, dir.resolve("out2"), 2, 1 << 20);
    assertThat(r2.succeeded()).isTrue();
    assertThat(OutputFiles.counts(dir.resolve("out2"))).isEmpty();
    assertWellFormed(dir.resolve("out2"), 2);
  }

  @Test
  void mapOutputTenTimesTheSortBufferSpillsAndStaysCorrect() throws IOException {
    Path input = dir.resolve("in");
    new CorpusGenerator(50_000, 3).write(input, 1, 400_000);
    Path output = dir.resolve("out");
    Job job =
        new WordCount()
            .configure(Job.builder("wordcount").input(input).output(output))
            .reduceTasks(2)
            .sortBufferBytes(16 * 1024)
            .build();
    JobResult result = cluster.run(job);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.counter(Counters.MAP_OUTPUT_BYTES)).isGreaterThan(10L * 16 * 1024);
    assertThat(result.counter(Counters.SPILLS)).isGreaterThan(10);
    assertThat(OutputFiles.counts(output)).isEqualTo(Reference.wordCount(input));
  }

  @Test
  void theCombinerChangesNoResult() throws IOException {
    Path input = dir.resolve("in");
    new CorpusGenerator(2_000, 11).write(input, 3, 30_000);
    Job.Builder base =
        new WordCount().configure(Job.builder("wc").input(input)).reduceTasks(3).splitSize(10_000);
    JobResult with = cluster.run(base.output(dir.resolve("with")).build());
    Job.Builder without =
        Job.builder("wc-no-combiner")
            .input(input)
            .output(dir.resolve("without"))
            .reduceTasks(3)
            .splitSize(10_000)
            .mapper(WordCount.TokenMapper.class)
            .reducer(WordCount.SumReducer.class)
            .mapOutput(StringCodec.class, dev.mapreduce.core.api.LongCodec.class);
    JobResult withoutResult = cluster.run(without.build());
    assertThat(with.counter(Counters.COMBINE_INPUT_RECORDS)).isPositive();
    assertThat(withoutResult.findCounter(Counters.COMBINE_INPUT_RECORDS)).isEmpty();
    assertThat(OutputFiles.lines(dir.resolve("with")))
        .isEqualTo(OutputFiles.lines(dir.resolve("without")));
  }

  @Test
  void invertedIndexMatchesTheReference() throws IOException {
    Path input = dir.resolve("in");
    new CorpusGenerator(300, 5).write(input, 5, 8_000);
    Path output = dir.resolve("out");
    Job job =
        new InvertedIndex()
            .configure(Job.builder("indexer").input(input).output(output))
            .reduceTasks(4)
            .splitSize(3_000)
            .build();
    JobResult result = cluster.run(job);
    assertThat(result.succeeded()).isTrue();
    Map<String, String> actual = new LinkedHashMap<>();
    for (String line : OutputFiles.lines(output)) {
      int tab = line.indexOf('\t');
      actual.put(line.substring(0, tab), line.substring(tab + 1));
    }
    assertThat(actual).isEqualTo(Reference.index(input));
  }

  private static long totalSize(Path dir) throws IOException {
    long n = 0;
    for (Path f : Reference.files(dir)) {
      n += Files.size(f);
    }
    return n;
  }
}
