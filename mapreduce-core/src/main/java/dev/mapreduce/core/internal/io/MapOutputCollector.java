package dev.mapreduce.core.internal.io;

import dev.mapreduce.core.api.ByteSink;
import dev.mapreduce.core.api.Codec;
import dev.mapreduce.core.api.Counter;
import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.FoldingCombiner;
import dev.mapreduce.core.api.LongFoldingCombiner;
import dev.mapreduce.core.api.Partitioner;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.TaskInfo;
import dev.mapreduce.core.internal.io.KeyGroupTable.Group;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Collects a map task's output as bytes in a bounded buffer that groups values by key, so a spill
 * sorts only distinct keys and the combiner runs on values already side by side (it also runs early
 * on any key that gathers many values, which keeps word count's buffer small). When the buffer's
 * estimated size passes the limit it is sorted by (partition, key), combined and spilled to local
 * disk; at the end the spills are merged per partition into one {@link MapOutputFile}.
 *
 * <p>A combiner that is a {@link FoldingCombiner} is applied as each record arrives, so a key holds
 * one value object rather than a growing list of encoded values.
 */
public final class MapOutputCollector<K, V> {
  /** Rough JVM cost of one distinct key: table slots, group object, value array header. */
  private static final int GROUP_OVERHEAD = 96;

  private static final int EARLY_COMBINE_VALUES = 256;

  /** Rough JVM cost of a folded value object beyond its encoded bytes. */
  private static final int FOLDED_VALUE_OVERHEAD = 16;

  /**
   * A folded value can grow (a fold may concatenate): its encoded size is measured again after this
   * many folds, so the buffer's estimate stays near the truth at little cost.
   */
  private static final int REMEASURE_FOLDS = 256;

  private final Path dir;
  private final int partitions;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final KeyOrder<K> order;
  private final Partitioner<K> partitioner;
  private final Optional<Reducer<K, V, K, V>> combiner;
  private final FoldingCombiner<V> folding;
  private final LongFoldingCombiner longFolding;
  private final long bufferLimit;
  private final TaskCounters counters;
  private final TaskInfo task;
  private final Runnable progress;

  private final KeyGroupTable table = new KeyGroupTable();
  private final ByteSink scratch = new ByteSink(256);
  private final ByteSink valueScratch = new ByteSink(64);
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
      TaskInfo task,
      Runnable progress) {
    this.dir = dir;
    this.partitions = partitions;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.order = order;
    this.partitioner = partitioner;
    this.combiner = combiner;
    this.folding = foldingOf(combiner);
    this.longFolding =
        folding instanceof LongFoldingCombiner l ? l : null; // values then live in the table
    if (longFolding != null) {
      table.keepLongValues();
    }
    this.bufferLimit = bufferLimit;
    this.counters = counters;
    this.task = task;
    this.progress = progress;
  }

  public void collect(K key, V value) throws IOException {
    if (key == null || value == null) {
      throw new NullPointerException("map output key and value must not be null");
    }
    scratch.reset();
    keyCodec.write(key, scratch);
    byte[] keyBytes = scratch.array();
    int keyLen = scratch.size();
    int slot = table.findSlot(keyBytes, keyLen);
    if (slot < 0) {
      int p = partitioner.partition(key, partitions);
      if (p < 0 || p >= partitions) {
        throw new IllegalStateException(
            "partitioner returned "
                + p
                + " for key '"
                + key
                + "'; expected 0.."
                + (partitions - 1));
      }
      slot = table.insertSlot(keyBytes, keyLen, p);
      bufferBytes += keyLen + GROUP_OVERHEAD;
    }
    valueScratch.reset();
    valueCodec.write(value, valueScratch);
    int valueLen = valueScratch.size();
    int header = RunWriter.varIntSize(valueLen);
    outputRecords++;
    outputBytes += keyLen + header + valueLen;
    if (longFolding != null) {
      foldLong(slot, value, valueLen);
    } else if (folding != null) {
      fold(slot, value, valueLen);
    } else {
      append(table.group(slot), header, valueLen);
    }
    if (bufferBytes >= bufferLimit) {
      spill();
    }
  }

  @SuppressWarnings("unchecked")
  private static <K, V> FoldingCombiner<V> foldingOf(Optional<Reducer<K, V, K, V>> combiner) {
    return combiner
        .filter(c -> c instanceof FoldingCombiner)
        .map(c -> (FoldingCombiner<V>) c)
        .orElse(null);
  }

  /** Folds a long into its key's slot: no boxing, no object loaded, nothing allocated. */
  private void foldLong(int slot, V value, int valueLen) {
    long v = (Long) value; // a value of another type fails as any codec mismatch does
    long count = table.foldCount(slot);
    if (count == 0) {
      table.setFoldedLong(slot, v);
      bufferBytes += valueLen + FOLDED_VALUE_OVERHEAD;
    } else {
      table.setFoldedLong(slot, longFolding.fold(table.foldedLong(slot), v));
    }
    table.setFoldCount(slot, count + 1);
  }

  /** Folds the value into its key's slot; the key's group object is touched only now and then. */
  @SuppressWarnings("unchecked")
  private void fold(int slot, V value, int valueLen) throws IOException {
    long count = table.foldCount(slot);
    if (count == 0) {
      table.setFolded(slot, value);
      table.group(slot).foldedBytes = valueLen;
      bufferBytes += valueLen + FOLDED_VALUE_OVERHEAD;
    } else {
      V folded;
      try {
        folded = folding.fold((V) table.folded(slot), value);
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("combiner failed to fold values: " + e, e);
      }
      if (folded == null) {
        throw new NullPointerException("the combiner's fold returned null");
      }
      table.setFolded(slot, folded);
      if ((count & (REMEASURE_FOLDS - 1)) == 0) { // a power of two: no division per record
        Group g = table.group(slot);
        valueScratch.reset();
        valueCodec.write(folded, valueScratch);
        bufferBytes += valueScratch.size() - g.foldedBytes;
        g.foldedBytes = valueScratch.size();
      }
    }
    table.setFoldCount(slot, count + 1);
  }

  private void append(Group g, int header, int valueLen) throws IOException {
    byte[] vals = g.reserve(header + valueLen);
    int pos = writeVarInt(vals, g.valuesLength, valueLen);
    System.arraycopy(valueScratch.array(), 0, vals, pos, valueLen);
    g.valuesLength = pos + valueLen;
    g.count++;
    bufferBytes += header + valueLen;
    if (combiner.isPresent() && g.count >= EARLY_COMBINE_VALUES) {
      long sizeBefore = g.valuesLength;
      combineInPlace(g, table.keyBytes(), g.keyOffset);
      bufferBytes += g.valuesLength - sizeBefore;
    }
  }

  /** Spills what is left and merges all spills into the task's single output file. */
  public MapOutputFile finish(Path outputFile) throws IOException {
    if (table.size() > 0 || spills.isEmpty()) {
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

  @SuppressWarnings("unchecked")
  private void spill() throws IOException {
    List<Group> sorted = table.groups();
    byte[] arena = table.keyBytes();
    if (!order.raw()) {
      for (Group g : sorted) {
        g.decodedKey = keyCodec.read(arena, g.keyOffset, g.keyLength);
      }
    }
    // Sorting, combining and writing are the task's work too: they report progress, so a long
    // spill is never mistaken for a stuck task.
    boolean raw = order.raw();
    Comparator<Group> byPartitionThenKey =
        (a, b) -> {
          progress.run();
          int c = Integer.compare(a.partition, b.partition);
          if (c != 0) {
            return c;
          }
          if (raw) {
            // Unsigned byte order decided by the 16-byte prefixes when they differ, or when both
            // keys fit in them (then the shorter one first); only long keys reach the arena.
            c = Long.compareUnsigned(a.prefix0, b.prefix0);
            if (c == 0) {
              c = Long.compareUnsigned(a.prefix1, b.prefix1);
            }
            if (c != 0) {
              return c;
            }
            if (a.keyLength <= 16 && b.keyLength <= 16) {
              return Integer.compare(a.keyLength, b.keyLength);
            }
          }
          return order.compare(
              arena,
              a.keyOffset,
              a.keyLength,
              (K) a.decodedKey,
              arena,
              b.keyOffset,
              b.keyLength,
              (K) b.decodedKey);
        };
    sorted.sort(byPartitionThenKey);
    Path file = dir.resolve("spill-" + spills.size() + ".run");
    long[] offsets = new long[partitions + 1];
    try (OutputStream os = Files.newOutputStream(file);
        RunWriter w = new RunWriter(os)) {
      int p = 0;
      long foldedIn = 0;
      long foldedOut = 0;
      for (Group g : sorted) {
        while (p < g.partition) {
          offsets[++p] = w.bytesWritten();
        }
        if (g.folded != null) {
          if (g.count > 1) {
            foldedIn += g.count;
            foldedOut++;
          }
          writeFolded(w, arena, g);
        } else {
          if (combiner.isPresent() && g.count > 1) {
            combineInPlace(g, arena, g.keyOffset);
          }
          writeValues(w, arena, g.keyOffset, g.keyLength, g.values, g.valuesLength);
        }
        progress.run();
      }
      if (folding != null) {
        counters.add(Counters.COMBINE_INPUT_RECORDS, foldedIn);
        counters.add(Counters.COMBINE_OUTPUT_RECORDS, foldedOut);
      }
      while (p < partitions) {
        offsets[++p] = w.bytesWritten();
      }
    }
    spills.add(new MapOutputFile(file, offsets));
    table.clear();
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
          while (merge.nextKey()) {
            Group g = new Group(0, merge.keyLength(), p);
            var it = merge.values();
            while (it.hasNext()) {
              GroupedMerge.ValueSlice v = it.next();
              byte[] vals = g.reserve(5 + v.length());
              int pos = writeVarInt(vals, g.valuesLength, v.length());
              System.arraycopy(v.bytes(), 0, vals, pos, v.length());
              g.valuesLength = pos + v.length();
              g.count++;
            }
            if (combiner.isPresent() && g.count > 1) {
              combineInPlace(g, merge.key(), 0);
            }
            writeValues(w, merge.key(), 0, merge.keyLength(), g.values, g.valuesLength);
            progress.run();
          }
        }
        offsets[p + 1] = w.bytesWritten();
      }
    }
    return new MapOutputFile(outputFile, offsets);
  }

  /** Runs the combiner over a group's values and keeps only what it emits. */
  @SuppressWarnings("unchecked")
  private void combineInPlace(Group g, byte[] keySource, int keyOffset) throws IOException {
    Reducer<K, V, K, V> c = combiner.orElseThrow();
    // A hot key is combined again and again: decode it once.
    if (g.decodedKey == null) {
      g.decodedKey = keyCodec.read(keySource, keyOffset, g.keyLength);
    }
    K key = (K) g.decodedKey;
    List<V> values = new ArrayList<>(g.count);
    forEachValue(
        g.values, g.valuesLength, (b, off, len) -> values.add(valueCodec.read(b, off, len)));
    counters.add(Counters.COMBINE_INPUT_RECORDS, values.size());
    ByteSink out = new ByteSink(Math.max(16, g.valuesLength / 4));
    int[] emitted = new int[1];
    Emitter<K, V> emitter =
        new Emitter<>() {
          @Override
          public void emit(K k, V v) {
            scratch.reset();
            keyCodec.write(k, scratch);
            if (!Arrays.equals(
                scratch.array(),
                0,
                scratch.size(),
                keySource,
                keyOffset,
                keyOffset + g.keyLength)) {
              throw new IllegalStateException(
                  "the combiner emitted key '"
                      + k
                      + "' while combining '"
                      + key
                      + "'; a combiner must keep the key it is given");
            }
            valueScratch.reset();
            valueCodec.write(v, valueScratch);
            out.writeVarLong(valueScratch.size());
            out.write(valueScratch.array(), 0, valueScratch.size());
            emitted[0]++;
            progress.run();
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
    g.replaceValues(out, emitted[0]);
  }

  @SuppressWarnings("unchecked")
  private void writeFolded(RunWriter w, byte[] arena, Group g) throws IOException {
    valueScratch.reset();
    valueCodec.write((V) g.folded, valueScratch);
    w.write(arena, g.keyOffset, g.keyLength, valueScratch.array(), 0, valueScratch.size());
  }

  private static void writeValues(
      RunWriter w, byte[] keys, int keyOff, int keyLen, byte[] vals, int size) throws IOException {
    forEachValue(vals, size, (b, off, len) -> w.write(keys, keyOff, keyLen, b, off, len));
  }

  private static int writeVarInt(byte[] dst, int pos, int v) {
    while ((v & ~0x7F) != 0) {
      dst[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    dst[pos++] = (byte) v;
    return pos;
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
}
