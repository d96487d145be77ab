package dev.mapreduce.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.IntegerCodec;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Partitioner;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integer keys with a descending order and a range partitioner: a distributed sort. */
class CustomOrderAndPartitionTest {
  @TempDir Path dir;

  public static final class ParseNumbers implements Mapper<Long, String, Integer, String> {
    @Override
    public void map(Long offset, String line, Emitter<Integer, String> out) {
      out.emit(Integer.parseInt(line.trim()), "");
    }
  }

  /** Emits each number once per occurrence. */
  public static final class Repeat implements Reducer<Integer, String, Integer, String> {
    @Override
    public void reduce(Integer key, Iterable<String> values, Emitter<Integer, String> out) {
      for (String ignored : values) {
        out.emit(key, null);
      }
    }
  }

  public static final class Descending implements Comparator<Integer> {
    @Override
    public int compare(Integer a, Integer b) {
      return Integer.compare(b, a);
    }
  }

  /** High numbers to partition 0, so the concatenated parts are globally descending. */
  public static final class DescendingRanges implements Partitioner<Integer> {
    @Override
    public int partition(Integer key, int reduceTasks) {
      int bucket = (int) ((long) (999 - key) * reduceTasks / 1000);
      return Math.max(0, Math.min(reduceTasks - 1, bucket));
    }
  }

  @Test
  void partsConcatenateToAGlobalDescendingSort() throws Exception {
    Random r = new Random(1);
    List<Integer> numbers = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      int n = r.nextInt(1000);
      numbers.add(n);
      text.append(n).append('\n');
    }
    Path in = dir.resolve("numbers.txt");
    Files.writeString(in, text);
    Path out = dir.resolve("out");
    Job job =
        Job.builder("sort")
            .input(in)
            .output(out)
            .mapper(ParseNumbers.class)
            .reducer(Repeat.class)
            .mapOutput(IntegerCodec.class, StringCodec.class)
            .keyOrder(Descending.class)
            .partitioner(DescendingRanges.class)
            .reduceTasks(4)
            .splitSize(2000)
            .sortBufferBytes(4096)
            .build();
    JobResult result = InProcessCluster.builder().workers(3).build().run(job);
    assertThat(result.succeeded()).isTrue();
    List<Integer> actual = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      for (String line :
          Files.readAllLines(
              out.resolve(String.format("part-r-%05d", p)), StandardCharsets.UTF_8)) {
        actual.add(Integer.parseInt(line));
      }
    }
    numbers.sort(Comparator.reverseOrder());
    assertThat(actual).isEqualTo(numbers);
  }
}
