package dev.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.RecordCodec;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.inprocess.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record values through a whole job, and a codec mismatch only a run can see. */
class MapOutputCodecsTest {
  @TempDir Path dir;

  public record Stats(long words, long longest) {}

  public static final class StatsCodec extends RecordCodec<Stats> {
    public StatsCodec() {
      super(Stats.class, new LongCodec(), new LongCodec());
    }
  }

  /** Per line, keyed by its first word: how many words it has and how long the longest is. */
  public static final class LineStats implements Mapper<Long, String, String, Stats> {
    @Override
    public void map(Long offset, String line, Emitter<String, Stats> out) {
      String[] words = line.trim().split("\\s+");
      long longest = 0;
      for (String w : words) {
        longest = Math.max(longest, w.length());
      }
      out.emit(words[0], new Stats(words.length, longest));
    }
  }

  public static final class Merge implements Reducer<String, Stats, String, Stats> {
    @Override
    public void reduce(String key, Iterable<Stats> values, Emitter<String, Stats> out) {
      long words = 0;
      long longest = 0;
      for (Stats s : values) {
        words += s.words();
        longest = Math.max(longest, s.longest());
      }
      out.emit(key, new Stats(words, longest));
    }
  }

  /** Declares Object values, so Job.build() cannot tell that it emits Longs. */
  public static final class ObjectMapper implements Mapper<Long, String, String, Object> {
    @Override
    public void map(Long offset, String line, Emitter<String, Object> out) {
      out.emit(line, 1L);
    }
  }

  public static final class Keep implements Reducer<String, Object, String, Object> {
    @Override
    public void reduce(String key, Iterable<Object> values, Emitter<String, Object> out) {
      out.emit(key, values.iterator().next());
    }
  }

  @Test
  void recordValuesGoThroughCombinerShuffleAndReduce() throws Exception {
    List<String> lines =
        List.of("apple pie is sweet", "banana split", "apple tart", "cherry", "banana bread loaf");
    Files.createDirectories(dir.resolve("in"));
    Files.write(dir.resolve("in/a.txt"), lines);
    Job job =
        Job.builder("stats")
            .input(dir.resolve("in"))
            .output(dir.resolve("out"))
            .mapper(LineStats.class)
            .combiner(Merge.class)
            .reducer(Merge.class)
            .mapOutput(StringCodec.class, StatsCodec.class)
            .reduceTasks(2)
            .splitSize(20)
            .build();
    JobResult r = cluster().run(job);
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();

    List<String> expected = new ArrayList<>();
    Map<String, long[]> sums = new TreeMap<>();
    for (String line : lines) {
      String[] w = line.split(" ");
      long[] s = sums.computeIfAbsent(w[0], k -> new long[2]);
      s[0] += w.length;
      for (String x : w) {
        s[1] = Math.max(s[1], x.length());
      }
    }
    sums.forEach((k, s) -> expected.add(k + "\tStats[words=" + s[0] + ", longest=" + s[1] + "]"));
    assertThat(OutputFiles.lines(dir.resolve("out"))).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aValueTheCodecCannotWriteFailsWithAMessageNamingTheSetting() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Files.write(dir.resolve("in/a.txt"), List.of("x", "y"));
    Job job =
        Job.builder("mismatch")
            .input(dir.resolve("in"))
            .output(dir.resolve("out"))
            .mapper(ObjectMapper.class)
            .reducer(Keep.class)
            .maxAttempts(1)
            .build(); // default codecs: StringCodec for values, but the mapper emits Longs
    JobResult r = cluster().run(job);
    assertThat(r.succeeded()).isFalse();
    assertThat(r.failureReason().orElseThrow())
        .contains("failed 1 time")
        .contains("emitted a value of class java.lang.Long")
        .contains("value codec dev.mapreduce.core.api.StringCodec encodes java.lang.String")
        .contains(".mapOutput(keyCodec, valueCodec)");
  }

  private static InProcessCluster cluster() {
    return InProcessCluster.builder().workers(2).timings(Timings.defaults().scaledDown(20)).build();
  }
}
