package dev.mapreduce.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.FoldingCombiner;
import dev.mapreduce.core.api.HashPartitioner;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.LongFoldingCombiner;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.api.TaskInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapOutputCollectorTest {
  private final AtomicLong progress = new AtomicLong();
  @TempDir Path dir;
  private final StringCodec keys = new StringCodec();
  private final LongCodec values = new LongCodec();
  private final TaskInfo info = new TaskInfo("m-00000", 1, Optional.empty(), Map.of());

  static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String key, Iterable<Long> vs, Emitter<String, Long> out) {
      long s = 0;
      for (long v : vs) {
        s += v;
      }
      out.emit(key, s);
    }
  }

  /** The same sum, also applied value by value as records arrive. */
  static final class FoldingSum
      implements Reducer<String, Long, String, Long>, FoldingCombiner<Long> {
    @Override
    public void reduce(String key, Iterable<Long> vs, Emitter<String, Long> out) {
      new Sum().reduce(key, vs, out);
    }

    @Override
    public Long fold(Long left, Long right) {
      return left + right;
    }
  }

  /** Concatenates: a folded value that grows with every record. */
  static final class Concat
      implements Reducer<String, String, String, String>, FoldingCombiner<String> {
    @Override
    public void reduce(String key, Iterable<String> vs, Emitter<String, String> out) {
      StringBuilder b = new StringBuilder();
      vs.forEach(b::append);
      out.emit(key, b.toString());
    }

    @Override
    public String fold(String left, String right) {
      return left + right;
    }
  }

  private MapOutputCollector<String, Long> collector(
      int partitions, long buffer, boolean combine, TaskCounters counters) {
    return collector(
        partitions, buffer, combine ? Optional.of(new Sum()) : Optional.empty(), counters);
  }

  private MapOutputCollector<String, Long> collector(
      int partitions,
      long buffer,
      Optional<Reducer<String, Long, String, Long>> combiner,
      TaskCounters counters) {
    return new MapOutputCollector<>(
        dir,
        partitions,
        keys,
        values,
        new KeyOrder<>(keys, Optional.empty()),
        new HashPartitioner<>(),
        combiner,
        buffer,
        counters,
        info,
        progress::incrementAndGet);
  }

  /** Reads partition p as (key, value) pairs in file order. */
  private List<Map.Entry<String, Long>> read(MapOutputFile f, int p) throws IOException {
    List<Map.Entry<String, Long>> out = new ArrayList<>();
    try (RunReader r = new RunReader(f.openPartition(p))) {
      while (r.next()) {
        out.add(
            Map.entry(
                keys.read(r.key(), 0, r.keyLength()), values.read(r.value(), 0, r.valueLength())));
      }
    }
    return out;
  }

  @Test
  void outputTenTimesTheBufferSpillsAndMergesToSortedCorrectSums() throws IOException {
    for (boolean combine : new boolean[] {false, true}) {
      TaskCounters counters = new TaskCounters();
      MapOutputCollector<String, Long> c = collector(3, 4096, combine, counters);
      Map<String, Long> expected = new TreeMap<>();
      Random r = new Random(7);
      long bytes = 0;
      for (int i = 0; i < 20_000; i++) {
        String k = "k" + r.nextInt(3000);
        long v = r.nextInt(10);
        c.collect(k, v);
        expected.merge(k, v, Long::sum);
        bytes += k.length() + 2;
      }
      assertThat(bytes).isGreaterThan(10 * 4096);
      MapOutputFile f = c.finish(dir.resolve("out-" + combine + ".run"));
      assertThat(counters.snapshot().get(Counters.SPILLS)).isGreaterThan(1);
      Map<String, Long> actual = new TreeMap<>();
      for (int p = 0; p < 3; p++) {
        List<Map.Entry<String, Long>> records = read(f, p);
        List<String> order = records.stream().map(Map.Entry::getKey).toList();
        assertThat(order).isSortedAccordingTo(StringCodec.CODE_POINT_ORDER);
        for (Map.Entry<String, Long> e : records) {
          assertThat(Math.floorMod(e.getKey().hashCode(), 3)).isEqualTo(p);
          actual.merge(e.getKey(), e.getValue(), Long::sum);
        }
        if (combine) {
          assertThat(order).doesNotHaveDuplicates();
        }
      }
      assertThat(actual).isEqualTo(expected);
    }
  }

  /** The same sum again, folded as primitives in the key table. */
  static final class LongFoldingSum
      implements Reducer<String, Long, String, Long>, LongFoldingCombiner {
    @Override
    public void reduce(String key, Iterable<Long> vs, Emitter<String, Long> out) {
      new Sum().reduce(key, vs, out);
    }

    @Override
    public long fold(long left, long right) {
      return left + right;
    }
  }

  @Test
  void aFoldingCombinerGivesTheSameSumsWithOneRecordPerKeyPerSpill() throws IOException {
    checkFolding(new FoldingSum());
  }

  @Test
  void aLongFoldingCombinerGivesTheSameSumsWithOneRecordPerKeyPerSpill() throws IOException {
    checkFolding(new LongFoldingSum());
  }

  private void checkFolding(Reducer<String, Long, String, Long> combiner) throws IOException {
    TaskCounters counters = new TaskCounters();
    MapOutputCollector<String, Long> c = collector(2, 1 << 20, Optional.of(combiner), counters);
    Map<String, Long> expected = new TreeMap<>();
    Map<String, Long> occurrences = new TreeMap<>();
    Random r = new Random(11);
    for (int i = 0; i < 50_000; i++) {
      String k = "w" + (int) Math.pow(r.nextInt(1 << 16), 0.5);
      long v = r.nextInt(5) - 1;
      c.collect(k, v);
      expected.merge(k, v, Long::sum);
      occurrences.merge(k, 1L, Long::sum);
    }
    MapOutputFile f =
        c.finish(dir.resolve("folded-" + combiner.getClass().getSimpleName() + ".run"));
    Map<String, Long> actual = new TreeMap<>();
    for (int p = 0; p < 2; p++) {
      for (Map.Entry<String, Long> e : read(f, p)) {
        assertThat(actual.put(e.getKey(), e.getValue())).as("one record per key").isNull();
      }
    }
    assertThat(actual).isEqualTo(expected);
    // Combined: every key met more than once, as in a combiner that runs once per key and spill.
    long repeated = occurrences.values().stream().filter(n -> n > 1).count();
    long repeatedRecords = occurrences.values().stream().filter(n -> n > 1).mapToLong(n -> n).sum();
    Map<String, Long> counted = counters.snapshot();
    assertThat(counted.get(Counters.SPILLS)).isEqualTo(1L);
    assertThat(counted.get(Counters.MAP_OUTPUT_RECORDS)).isEqualTo(50_000L);
    assertThat(counted.get(Counters.COMBINE_OUTPUT_RECORDS)).isEqualTo(repeated);
    assertThat(counted.get(Counters.COMBINE_INPUT_RECORDS)).isEqualTo(repeatedRecords);
  }

  /**
   * A fold whose value grows with every record (concatenation) must still spill when the buffer
   * fills: the collector measures folded values again as they grow, so its memory stays bounded.
   */
  @Test
  void aGrowingFoldedValueStillSpillsAtTheBufferLimit() throws IOException {
    TaskCounters counters = new TaskCounters();
    StringCodec strings = new StringCodec();
    MapOutputCollector<String, String> c =
        new MapOutputCollector<>(
            dir,
            1,
            strings,
            strings,
            new KeyOrder<>(strings, Optional.empty()),
            new HashPartitioner<>(),
            Optional.of(new Concat()),
            64 * 1024,
            counters,
            info,
            progress::incrementAndGet);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      String v = Integer.toString(i % 10);
      c.collect("only", v);
      expected.append(v);
    }
    MapOutputFile f = c.finish(dir.resolve("concat.run"));
    // 40,000 bytes of value in a 64 KiB buffer would not spill by size; the reduce sees the
    // concatenation in some order, so compare sorted characters.
    assertThat(counters.snapshot().get(Counters.SPILLS)).isEqualTo(1L);
    StringBuilder actual = new StringBuilder();
    try (RunReader r = new RunReader(f.openPartition(0))) {
      while (r.next()) {
        actual.append(strings.read(r.value(), 0, r.valueLength()));
      }
    }
    assertThat(sortedChars(actual)).isEqualTo(sortedChars(expected));

    TaskCounters small = new TaskCounters();
    MapOutputCollector<String, String> d =
        new MapOutputCollector<>(
            dir.resolve("d"),
            1,
            strings,
            strings,
            new KeyOrder<>(strings, Optional.empty()),
            new HashPartitioner<>(),
            Optional.of(new Concat()),
            4 * 1024,
            small,
            info,
            progress::incrementAndGet);
    Files.createDirectories(dir.resolve("d"));
    for (int i = 0; i < 40_000; i++) {
      d.collect("only", Integer.toString(i % 10));
    }
    d.finish(dir.resolve("d").resolve("concat.run"));
    assertThat(small.snapshot().get(Counters.SPILLS))
        .as("spills of a 4 KiB buffer")
        .isGreaterThan(5L);
  }

  private static String sortedChars(CharSequence s) {
    char[] c = s.toString().toCharArray();
    Arrays.sort(c);
    return new String(c);
  }

  /**
   * Keys of every length around the 8- and 16-byte prefixes the table compares first, sharing
   * prefixes, padded with NUL characters and beyond ASCII: each key found again, sorted in code
   * point order.
   */
  @Test
  void keysAroundThePrefixLengthsGroupAndSortExactly() throws IOException {
    Random r = new Random(11);
    String alphabet = "ab\u0000\u00e9z\u4e2d";
    TaskCounters counters = new TaskCounters();
    MapOutputCollector<String, Long> c = collector(2, 8192, true, counters);
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < 30_000; i++) {
      StringBuilder k = new StringBuilder(i % 3 == 0 ? "shared-prefix-of-20-" : "");
      int len = r.nextInt(24);
      for (int j = 0; j < len; j++) {
        k.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      c.collect(k.toString(), 1L);
      expected.merge(k.toString(), 1L, Long::sum);
    }
    MapOutputFile f = c.finish(dir.resolve("prefixes.run"));
    assertThat(counters.snapshot().get(Counters.SPILLS)).isGreaterThan(1);
    Map<String, Long> actual = new TreeMap<>();
    for (int p = 0; p < 2; p++) {
      List<Map.Entry<String, Long>> records = read(f, p);
      List<String> order = records.stream().map(Map.Entry::getKey).toList();
      assertThat(order).isSortedAccordingTo(StringCodec.CODE_POINT_ORDER).doesNotHaveDuplicates();
      records.forEach(e -> actual.merge(e.getKey(), e.getValue(), Long::sum));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void noOutputStillGivesEveryPartitionEmpty() throws IOException {
    MapOutputFile f = collector(4, 4096, true, new TaskCounters()).finish(dir.resolve("empty.run"));
    assertThat(f.partitions()).isEqualTo(4);
    for (int p = 0; p < 4; p++) {
      assertThat(f.partitionLength(p)).isZero();
    }
  }

  @Test
  void nullKeysAreRejectedWithAClearMessage() {
    MapOutputCollector<String, Long> c = collector(1, 4096, false, new TaskCounters());
    assertThatThrownBy(() -> c.collect(null, 1L)).hasMessageContaining("must not be null");
  }
}
