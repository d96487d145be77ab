package dev.mapreduce.core.internal.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Merges sorted runs in passes until at most {@code factor} remain, so that the final merge (and
 * every pass) holds at most {@code factor} files open with one read buffer each, whatever the
 * number of runs: a reduce over thousands of map outputs then needs no more memory than one over a
 * few. Like Hadoop's {@code io.sort.factor}.
 */
public final class MergePasses {
  private MergePasses() {}

  /**
   * Returns runs to merge last: {@code runs} itself if there are at most {@code factor}, else
   * intermediate runs written under {@code scratch} (created fresh; the caller deletes it).
   */
  public static <K> List<Path> toAtMost(
      List<Path> runs, int factor, KeyOrder<K> order, Path scratch, Runnable progress)
      throws IOException {
    if (factor < 2) {
      throw new IllegalArgumentException("merge factor must be at least 2, got " + factor);
    }
    List<Path> current = runs;
    int pass = 0;
    while (current.size() > factor) {
      pass++;
      List<Path> next = new ArrayList<>();
      // Full chunks of `factor` runs: simple, and at most one pass more than the minimum.
      for (int from = 0; from < current.size(); from += factor) {
        List<Path> chunk = current.subList(from, Math.min(current.size(), from + factor));
        if (chunk.size() == 1) {
          next.add(chunk.get(0));
          continue;
        }
        Files.createDirectories(scratch);
        Path merged = scratch.resolve(String.format("pass-%d-%05d.run", pass, next.size()));
        mergeInto(chunk, order, merged, progress);
        next.add(merged);
      }
      for (Path p : current) {
        if (p.startsWith(scratch) && !next.contains(p)) {
          Files.deleteIfExists(p); // an earlier pass's output, now merged again
        }
      }
      current = next;
    }
    return current;
  }

  private static <K> void mergeInto(
      List<Path> chunk, KeyOrder<K> order, Path target, Runnable progress) throws IOException {
    List<RunReader> readers = new ArrayList<>();
    try {
      for (Path run : chunk) {
        readers.add(new RunReader(Files.newInputStream(run)));
      }
    } catch (IOException | RuntimeException e) {
      for (RunReader r : readers) {
        r.close();
      }
      throw e;
    }
    try (GroupedMerge<K> merge = new GroupedMerge<>(readers, order);
        OutputStream os =
            Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        RunWriter out = new RunWriter(os)) {
      while (merge.nextKey()) {
        Iterator<GroupedMerge.ValueSlice> values = merge.values();
        while (values.hasNext()) {
          GroupedMerge.ValueSlice v = values.next();
          out.write(merge.key(), 0, merge.keyLength(), v.bytes(), 0, v.length());
          progress.run(); // a pass over a large partition is work, not a stuck task
        }
      }
    }
  }
}
