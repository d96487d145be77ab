package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Codec;
import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.format.RecordReader;
import dev.mapreduce.core.format.Split;
import dev.mapreduce.core.format.TextLines;
import dev.mapreduce.core.internal.io.InputSplit;
import dev.mapreduce.core.internal.io.KeyOrder;
import dev.mapreduce.core.internal.io.MapOutputCollector;
import dev.mapreduce.core.internal.io.MapOutputFile;
import dev.mapreduce.core.internal.protocol.BadRecord;
import dev.mapreduce.core.internal.text.Quoting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The body of a map attempt: read the split's lines, map them, collect, spill and merge. */
final class MapTask {
  private MapTask() {}

  /**
   * The job's sort buffer, capped at an eighth of this JVM's heap: a worker started with a small
   * heap (or several workers sharing one JVM) then spills more often instead of running out of
   * memory, and nobody has to size the buffer by hand.
   */
  static long sortBuffer(Job job) {
    return Math.min(job.sortBufferBytes(), Runtime.getRuntime().maxMemory() / 8);
  }

  static <K, V> MapOutputFile run(
      Job job, InputSplit split, List<Long> skipRecords, Path dir, AttemptContext ctx)
      throws Exception {
    Files.createDirectories(dir);
    Codec<K> keyCodec = job.newKeyCodec();
    Codec<V> valueCodec = job.newValueCodec();
    MapOutputCollector<K, V> collector =
        new MapOutputCollector<>(
            dir,
            job.reduceTasks(),
            keyCodec,
            valueCodec,
            new KeyOrder<>(keyCodec, job.newKeyOrder()),
            job.newPartitioner(),
            job.newCombiner(),
            sortBuffer(job),
            ctx.counters,
            ctx.info,
            ctx::progress);
    Mapper<Object, Object, K, V> mapper = job.newMapper();
    Emitter<K, V> emitter =
        new AttemptEmitter<>(ctx, collector::collect, new MapOutputMismatch(keyCodec, valueCodec));
    long records = 0;
    long skipped = 0;
    // Sorted indexes of records earlier attempts failed on; usually none.
    long[] skip = skipRecords.stream().mapToLong(Long::longValue).sorted().toArray();
    int nextSkip = 0;
    boolean mayFailOnRecords = job.maxSkippedRecords() > 0;
    try (RecordReader<Object, Object> reader = open(job, split)) {
      while (reader.next()) {
        ctx.progress();
        long index = records + skipped;
        if (nextSkip < skip.length && skip[nextSkip] == index) {
          nextSkip++;
          skipped++;
          continue;
        }
        if (mayFailOnRecords) {
          mapRecord(mapper, reader, emitter, index);
        } else {
          mapper.map(reader.key(), reader.value(), emitter);
        }
        // Both checks are cheap, but this loop runs once per input record.
        if (++records % WorkerHooks.BODY_POINT_RECORDS == 0 && ctx.hasBodyPoint()) {
          ctx.reachedBodyPoint();
          ctx.checkAborted();
        } else if ((records & 4095) == 0) {
          ctx.checkAborted();
        }
      }
      mapper.finish(emitter);
      ctx.counters.add(Counters.MAP_INPUT_BYTES, reader.bytesRead());
    }
    ctx.counters.add(Counters.MAP_INPUT_RECORDS, records);
    if (mayFailOnRecords) {
      ctx.counters.add(Counters.SKIPPED_RECORDS, skipped);
    }
    ctx.checkAborted();
    return collector.finish(dir.resolve("map-output.run"));
  }

  /**
   * Maps one record of a job that skips bad records: what the mapper throws becomes a {@link
   * BadRecordException} naming the record, except what is not the record's fault (the attempt was
   * stopped, the disk failed under the collector, the job is misconfigured, the JVM is out of
   * memory).
   */
  private static <K, V> void mapRecord(
      Mapper<Object, Object, K, V> mapper,
      RecordReader<Object, Object> reader,
      Emitter<K, V> emitter,
      long index)
      throws Exception {
    try {
      mapper.map(reader.key(), reader.value(), emitter);
    } catch (AttemptAbortedException
        | UncheckedIOException
        | InvalidJobException
        | InterruptedException e) {
      throw e;
    } catch (Exception | StackOverflowError e) {
      String key = Quoting.quote(String.valueOf(reader.key()), 60);
      throw new BadRecordException(new BadRecord(index, "record " + index + ", key " + key), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static RecordReader<Object, Object> open(Job job, InputSplit split) throws IOException {
    if (split.inMemory()) {
      return (RecordReader<Object, Object>)
          (RecordReader<?, ?>) new InMemoryLines(job.inputLines(), split);
    }
    InputFormat<Object, Object> format = job.newInputFormat();
    return format.open(new Split(Path.of(split.file()), split.start(), split.length()));
  }

  /** A range of the job's in-memory lines, keyed by index as {@link TextLines} keys by offset. */
  private static final class InMemoryLines implements RecordReader<Long, String> {
    private final List<String> lines;
    private final int end;
    private int next;
    private long bytes;

    InMemoryLines(List<String> all, InputSplit split) {
      this.lines = all;
      this.next = Math.toIntExact(split.start()) - 1;
      this.end = Math.toIntExact(split.end());
    }

    @Override
    public boolean next() {
      if (next + 1 >= end) {
        return false;
      }
      next++;
      bytes += lines.get(next).length() + 1;
      return true;
    }

    @Override
    public Long key() {
      return (long) next;
    }

    @Override
    public String value() {
      return lines.get(next);
    }

    @Override
    public long bytesRead() {
      return bytes;
    }

    @Override
    public void close() {}
  }
}
