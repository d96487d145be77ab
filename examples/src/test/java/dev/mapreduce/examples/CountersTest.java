package dev.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.worker.WorkerHooks;
import dev.mapreduce.inprocess.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User counters count each task once, however many times it ran. */
class CountersTest {
  @TempDir Path dir;

  /** Counts lines; each attempt counts all of its split's lines. */
  public static final class CountingMapper implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      out.counter("lines").increment();
      WordCount.forEachWord(line, w -> out.emit(w, 1L));
    }
  }

  /** Counts keys, and fails the first attempt of each task after counting. */
  public static final class CountingFlakyReducer implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
      out.counter("keys").increment();
      long sum = 0;
      for (long v : values) {
        sum += v;
      }
      if (out.task().attempt() == 1 && key.hashCode() % 5 == 0) {
        throw new IllegalStateException("first attempts fail after counting");
      }
      out.emit(key, sum);
    }
  }

  @Test
  void retriedAndReExecutedTasksAreCountedOnce() throws Exception {
    Path input = dir.resolve("in");
    new CorpusGenerator(400, 3).write(input, 4, 30_000);
    long lines = 0;
    for (Path f : Reference.files(input)) {
      lines += Files.readAllLines(f).size();
    }
    Path out = dir.resolve("out");
    Job job =
        Job.builder("counters")
            .input(input)
            .output(out)
            .mapper(CountingMapper.class)
            .reducer(CountingFlakyReducer.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .reduceTasks(3)
            .splitSize(8_000)
            .build();
    JobResult r =
        InProcessCluster.builder()
            .workers(3)
            .timings(Timings.defaults().scaledDown(20))
            .crashAt("worker2", WorkerHooks.Point.AFTER_MAP_COMPLETED)
            .build()
            .run(job);
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(r.totalAttempts()).isGreaterThan(r.tasks().size()); // some tasks really ran twice
    int distinctKeys = Reference.wordCount(input).size();
    assertThat(r.counter("lines")).isEqualTo(lines);
    assertThat(r.counter("keys")).isEqualTo(distinctKeys);
    assertThat(r.counter(Counters.MAP_INPUT_RECORDS)).isEqualTo(lines);
    assertThat(r.counter(Counters.REDUCE_OUTPUT_RECORDS)).isEqualTo(distinctKeys);
    var summary =
        JsonParser.parseString(Files.readString(out.resolve("_SUCCESS"))).getAsJsonObject();
    assertThat(summary.getAsJsonObject("counters").get("lines").getAsLong()).isEqualTo(lines);
    assertThat(summary.get("attempts").getAsInt()).isEqualTo(r.totalAttempts());
  }
}
