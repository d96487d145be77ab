package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Codec;
import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.internal.io.GroupedMerge;
import dev.mapreduce.core.internal.io.KeyOrder;
import dev.mapreduce.core.internal.io.MergePasses;
import dev.mapreduce.core.internal.io.OutputCommitter;
import dev.mapreduce.core.internal.io.PartFileWriter;
import dev.mapreduce.core.internal.io.RunReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The body of a reduce attempt: merge the fetched runs, call the reducer once per key in key order,
 * and write the attempt's file under the output's {@code _temporary} directory.
 */
final class ReduceTask {
  private ReduceTask() {}

  /** Intermediate merge passes write beside the fetched runs, in the attempt's own directory. */
  private static Path mergeScratch(List<Path> runs) {
    return runs.isEmpty() ? Path.of("unused") : runs.get(0).resolveSibling("merge");
  }

  static <K, V> void run(Job job, int partition, List<Path> runs, AttemptContext ctx)
      throws Exception {
    Codec<K> keyCodec = job.newKeyCodec();
    Codec<V> valueCodec = job.newValueCodec();
    KeyOrder<K> order = new KeyOrder<>(keyCodec, job.newKeyOrder());
    Reducer<K, V, Object, Object> reducer = job.newReducer();
    Path outFile = OutputCommitter.attemptFile(job.output(), ctx.attemptId, partition);
    List<Path> last =
        MergePasses.toAtMost(runs, job.mergeFactor(), order, mergeScratch(runs), ctx::progress);
    List<RunReader> readers = new ArrayList<>();
    for (Path run : last) {
      readers.add(new RunReader(Files.newInputStream(run)));
    }
    long groups = 0;
    long[] inputRecords = new long[1];
    try (GroupedMerge<K> merge = new GroupedMerge<>(readers, order);
        PartFileWriter out = new PartFileWriter(outFile, job.newOutputFormat())) {
      Emitter<Object, Object> emitter = new AttemptEmitter<>(ctx, out::write);
      while (merge.nextKey()) {
        K key = keyCodec.read(merge.key(), 0, merge.keyLength());
        Iterator<GroupedMerge.ValueSlice> slices = merge.values();
        Iterable<V> values =
            () ->
                new Iterator<>() {
                  @Override
                  public boolean hasNext() {
                    return slices.hasNext();
                  }

                  @Override
                  public V next() {
                    if (!slices.hasNext()) {
                      throw new NoSuchElementException();
                    }
                    GroupedMerge.ValueSlice s = slices.next();
                    inputRecords[0]++;
                    ctx.progress();
                    return valueCodec.read(s.bytes(), 0, s.length());
                  }
                };
        reducer.reduce(key, values, emitter);
        if ((++groups & 1023) == 0) {
          ctx.checkAborted();
        }
      }
      ctx.counters.add(Counters.REDUCE_INPUT_GROUPS, groups);
      ctx.counters.add(Counters.REDUCE_INPUT_RECORDS, inputRecords[0]);
      ctx.counters.add(Counters.REDUCE_OUTPUT_RECORDS, out.records());
    }
    ctx.counters.add(Counters.OUTPUT_BYTES, Files.size(outFile));
    ctx.checkAborted();
  }
}
