package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Codec;
import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.internal.io.InputSplit;
import dev.mapreduce.core.internal.io.KeyOrder;
import dev.mapreduce.core.internal.io.MapOutputCollector;
import dev.mapreduce.core.internal.io.MapOutputFile;
import dev.mapreduce.core.internal.io.SplitLineReader;
import java.nio.file.Files;
import java.nio.file.Path;

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

  static <K, V> MapOutputFile run(Job job, InputSplit split, Path dir, AttemptContext ctx)
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
    Mapper<Long, String, K, V> mapper = job.newMapper();
    Emitter<K, V> emitter =
        new AttemptEmitter<>(ctx, collector::collect, new MapOutputMismatch(keyCodec, valueCodec));
    long records = 0;
    try (SplitLineReader reader =
        new SplitLineReader(Path.of(split.file()), split.start(), split.length())) {
      while (reader.next()) {
        ctx.progress();
        mapper.map(reader.offset(), reader.line(), emitter);
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
    ctx.checkAborted();
    return collector.finish(dir.resolve("map-output.run"));
  }
}
