package dev.mapreduce.core.io;

import dev.mapreduce.core.api.ByteSink;
import dev.mapreduce.core.api.Codec;
import dev.mapreduce.core.api.Counter;
import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Partitioner;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.TaskInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects a map task's output as bytes in a bounded buffer that groups values by key, so a
 * spill sorts only distinct keys and the combiner runs on values already side by side (it also
 * runs early on any key that gathers many values, which keeps word count's buffer small). When the
 * buffer's estimated size passes the limit it is sorted by (partition, key), combined and spilled to
 * local disk; at the end the spills are merged per partition into one {@link MapOutputFile}.
 */
public final class MapOutputCollector<K, V> {
  /** Rough JVM cost of one distinct key: hash node, key holder, group, arrays. */
  private static final int GROUP_OVERHEAD = 160;
  private static final int EARLY_COMBINE_VALUES = 64;

  private final Path dir;
  private final int partitions;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final KeyOrder<K> order;
  private final Partitioner<K> partitioner;
  private final Optional<Reducer<K, V, K, V>> combiner;
  private final long bufferLimit;
  private final TaskCounters counters;
  private final TaskInfo task;

  private final Map<BytesKey, Group> groups = new HashMap<>();
  private final BytesKey probe = new BytesKey();
  private final ByteSink scratch = new ByteSink(256);
  private long bufferBytes;
  private final List<MapOutputFile> spills = new ArrayList<>();
  private long outputRecords;
  private long outputBytes;

  public MapOutputCollector(
      Path dir,
      int partitions,
      Codec<K> keyCodec,
      Codec<V> valueCodec,
      KeyOrder<K> order,
      Partitioner<K> partitioner,
      Optional<Reducer<K, V, K, V>> combiner,
      long bufferLimit,
      TaskCounters counters,
      TaskInfo task) {
    this.dir = dir;
    this.partitions = partitions;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.order = order;
    this.partitioner = partitioner;
    this.combiner = combiner;
    this.bufferLimit = bufferLimit;
    this.counters = counters;
    this.task = task;
  }

  public void collect(K key, V value) throws IOException {
    if (key == null || value == null) {
      throw new NullPointerException("map output key and value must not be null");
    }
    scratch.reset();
    keyCodec.write(key, scratch);
    int keyLen = scratch.size();
    probe.set(scratch.array(), keyLen);
    Group g = groups.get(probe);
    if (g == null) {
      int p = partitioner.partition(key, partitions);
      if (p < 0 || p >= partitions) {
        throw new IllegalStateException(
            "partitioner returned " + p + " for key '" + key + "'; expected 0.." + (partitions - 1));
      }
      BytesKey stored = new BytesKey();
      stored.set(Arrays.copyOf(scratch.array(), keyLen), keyLen);
      g = new Group(stored, p);
      groups.put(stored, g);
      bufferBytes += keyLen + GROUP_OVERHEAD;
    }
    int before = g.values.size();
    int mark = g.values.size();
    g.values.writeVarLong(0); // placeholder length byte, fixed below
    int start = g.values.size();
    valueCodec.write(value, g.values);
    appendLength(g.values, mark, start);
    g.count++;
    bufferBytes += g.values.size() - before;
    outputRecords++;
    outputBytes += keyLen + (g.values.size() - before);
    if (combiner.isPresent() && g.count >= EARLY_COMBINE_VALUES) {
      long sizeBefore = g.values.size();
      combineInPlace(g);
      bufferBytes += g.values.size() - sizeBefore;
    }
    if (bufferBytes >= bufferLimit) {
      spill();
    }
  }

  /** Spills what is left and merges all spills into the task's single output file. */
  public MapOutputFile finish(Path outputFile) throws IOException {
    if (!groups.isEmpty() || spills.isEmpty()) {
      spill();
    }
    counters.add(Counters.MAP_OUTPUT_RECORDS, outputRecords);
    counters.add(Counters.MAP_OUTPUT_BYTES, outputBytes);
    counters.add(Counters.SPILLS, spills.size());
    if (spills.size() == 1) {
      MapOutputFile only = spills.get(0);
      Files.move(only.path(), outputFile, StandardCopyOption.REPLACE_EXISTING);
      return new MapOutputFile(outputFile, only.offsets());
    }
    MapOutputFile merged = mergeSpills(outputFile);
    for (MapOutputFile s : spills) {
      Files.deleteIfExists(s.path());
    }
    return merged;
  }

  private void spill() throws IOException {
    List<Group> sorted = new ArrayList<>(groups.values());
    if (!order.raw()) {
      for (Group g : sorted) {
        g.decodedKey = keyCodec.read(g.key.bytes, 0, g.key.length);
      }
    }
    Comparator<Group> byPartitionThenKey =
        (a, b) -> {
          int c = Integer.compare(a.partition, b.partition);
          if (c != 0) {
            return c;
          }
          return order.compare(
              a.key.bytes, 0, a.key.length, a.decodedKey, b.key.bytes, 0, b.key.length, b.decodedKey);
        };
    sorted.sort(byPartitionThenKey);
    Path file = dir.resolve("spill-" + spills.size() + ".run");
    long[] offsets = new long[partitions + 1];
    try (OutputStream os = Files.newOutputStream(file);
        RunWriter w = new RunWriter(os)) {
      int p = 0;
      for (Group g : sorted) {
        while (p < g.partition) {
          offsets[++p] = w.bytesWritten();
        }
        if (combiner.isPresent() && g.count > 1) {
          combineInPlace(g);
        }
        writeValues(w, g.key.bytes, g.key.length, g.values.array(), g.values.size());
      }
      while (p < partitions) {
        offsets[++p] = w.bytesWritten();
      }
    }
    spills.add(new MapOutputFile(file, offsets));
    groups.clear();
    bufferBytes = 0;
  }

  private MapOutputFile mergeSpills(Path outputFile) throws IOException {
    long[] offsets = new long[partitions + 1];
    try (OutputStream os = Files.newOutputStream(outputFile);
        RunWriter w = new RunWriter(os)) {
      for (int p = 0; p < partitions; p++) {
        List<RunReader> readers = new ArrayList<>();
        for (MapOutputFile s : spills) {
          readers.add(new RunReader(s.openPartition(p)));
        }
        try (GroupedMerge<K> merge = new GroupedMerge<>(readers, order)) {
          Group g = new Group(new BytesKey(), p);
          while (merge.nextKey()) {
            g.key.set(merge.key(), merge.keyLength());
            g.values.reset();
            g.count = 0;
            var it = merge.values();
            while (it.hasNext()) {
              GroupedMerge.ValueSlice v = it.next();
              g.values.writeVarLong(v.length());
              g.values.write(v.bytes(), 0, v.length());
              g.count++;
            }
            if (combiner.isPresent() && g.count > 1) {
              combineInPlace(g);
            }
            writeValues(w, g.key.bytes, g.key.length, g.values.array(), g.values.size());
          }
        }
        offsets[p + 1] = w.bytesWritten();
      }
    }
    return new MapOutputFile(outputFile, offsets);
  }

  /** Runs the combiner over a group's values and keeps only what it emits. */
  private void combineInPlace(Group g) throws IOException {
    Reducer<K, V, K, V> c = combiner.orElseThrow();
    K key = keyCodec.read(g.key.bytes, 0, g.key.length);
    List<V> values = new ArrayList<>(g.count);
    forEachValue(
        g.values.array(),
        g.values.size(),
        (b, off, len) -> values.add(valueCodec.read(b, off, len)));
    counters.add(Counters.COMBINE_INPUT_RECORDS, values.size());
    ByteSink out = new ByteSink(Math.max(16, g.values.size() / 4));
    int[] emitted = new int[1];
    Emitter<K, V> emitter =
        new Emitter<>() {
          @Override
          public void emit(K k, V v) {
            scratch.reset();
            keyCodec.write(k, scratch);
            if (!Arrays.equals(scratch.array(), 0, scratch.size(), g.key.bytes, 0, g.key.length)) {
              throw new IllegalStateException(
                  "the combiner emitted key '" + k + "' while combining '" + key
                      + "'; a combiner must keep the key it is given");
            }
            int mark = out.size();
            out.writeVarLong(0);
            int start = out.size();
            valueCodec.write(v, out);
            appendLength(out, mark, start);
            emitted[0]++;
          }

          @Override
          public Counter counter(String name) {
            return counters.get(name);
          }

          @Override
          public TaskInfo task() {
            return task;
          }
        };
    try {
      c.reduce(key, values, emitter);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("combiner failed on key '" + key + "': " + e, e);
    }
    counters.add(Counters.COMBINE_OUTPUT_RECORDS, emitted[0]);
    g.values = out;
    g.count = emitted[0];
  }

  private static void writeValues(RunWriter w, byte[] key, int keyLen, byte[] vals, int size)
      throws IOException {
    forEachValue(vals, size, (b, off, len) -> w.write(key, 0, keyLen, b, off, len));
  }

  /**
   * Values are stored as {@code varint length, bytes}. The length is written after the value, so
   * a one-byte placeholder is reserved first and widened here in the rare case it needs more.
   */
  private static void appendLength(ByteSink sink, int mark, int start) {
    int len = sink.size() - start;
    int need = RunWriter.varIntSize(len);
    byte[] arr = sink.reserve(need - 1);
    if (need > 1) {
      System.arraycopy(arr, start, arr, start + need - 1, len);
      sink.advance(need - 1);
    }
    int pos = mark;
    int v = len;
    while ((v & ~0x7F) != 0) {
      arr[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    arr[pos] = (byte) v;
  }

  private interface SliceConsumer {
    void accept(byte[] b, int off, int len) throws IOException;
  }

  private static void forEachValue(byte[] vals, int size, SliceConsumer consumer)
      throws IOException {
    int pos = 0;
    while (pos < size) {
      int len = 0;
      int shift = 0;
      int b;
      do {
        b = vals[pos++];
        len |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      consumer.accept(vals, pos, len);
      pos += len;
    }
  }

  private final class Group {
    final BytesKey key;
    final int partition;
    ByteSink values = new ByteSink(16);
    int count;
    K decodedKey;

    Group(BytesKey key, int partition) {
      this.key = key;
      this.partition = partition;
    }
  }

  /** A key's bytes as a hash map key; the probe instance is reused for lookups. */
  private static final class BytesKey {
    byte[] bytes;
    int length;
    int hash;

    void set(byte[] b, int len) {
      bytes = b;
      length = len;
      int h = 1;
      for (int i = 0; i < len; i++) {
        h = 31 * h + b[i];
      }
      hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesKey other
          && other.hash == hash
          && Arrays.equals(bytes, 0, length, other.bytes, 0, other.length);
    }
  }
}
