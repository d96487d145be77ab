package dev.mapreduce.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hand-written parallel word count: the files are cut into chunks of about {@code chunkMiB}
 * whose edges are moved forward to the next line start, a fixed pool of threads (one per core by
 * default) takes chunks from a shared queue, each thread counts into its own {@link HashMap}, and
 * the maps are merged at the end and written sorted by word.
 *
 * <pre>java -cp benchmarks-common.jar dev.mapreduce.benchmarks.ParallelWordCount INPUT OUTPUT_FILE [THREADS] [CHUNK_MIB]</pre>
 */
public final class ParallelWordCount {
  private ParallelWordCount() {}

  /** A byte range {@code [from, to)} of one file, before alignment to lines. */
  private record Chunk(int file, long from, long to) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: ParallelWordCount INPUT_DIR OUTPUT_FILE [THREADS] [CHUNK_MIB]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    long chunkBytes = (args.length > 3 ? Long.parseLong(args[3]) : 32) << 20;

    List<Path> files = Corpus.inputFiles(Path.of(args[0]));
    List<FileChannel> channels = new ArrayList<>();
    ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>();
    for (int f = 0; f < files.size(); f++) {
      FileChannel ch = FileChannel.open(files.get(f), StandardOpenOption.READ);
      channels.add(ch);
      long size = ch.size();
      for (long from = 0; from < size; from += chunkBytes) {
        queue.add(new Chunk(f, from, Math.min(size, from + chunkBytes)));
      }
    }

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Map<String, long[]>>> parts = new ArrayList<>();
    long[][] totals = new long[threads][1];
    for (int t = 0; t < threads; t++) {
      long[] total = totals[t];
      parts.add(pool.submit(() -> countChunks(queue, channels, total)));
    }
    pool.shutdown();

    Map<String, long[]> merged = null;
    long words = 0;
    for (int t = 0; t < threads; t++) {
      Map<String, long[]> part = parts.get(t).get();
      words += totals[t][0];
      if (merged == null) {
        merged = part;
      } else {
        if (part.size() > merged.size()) {
          Map<String, long[]> swap = merged;
          merged = part;
          part = swap;
        }
        for (Map.Entry<String, long[]> e : part.entrySet()) {
          long[] c = merged.putIfAbsent(e.getKey(), e.getValue());
          if (c != null) {
            c[0] += e.getValue()[0];
          }
        }
      }
    }
    for (FileChannel ch : channels) {
      ch.close();
    }
    int distinct = Corpus.writeSorted(merged, Path.of(args[1]));
    Corpus.report("baseline-mt", t0, words, distinct);
  }

  private static Map<String, long[]> countChunks(
      ConcurrentLinkedQueue<Chunk> queue, List<FileChannel> channels, long[] total) throws IOException {
    Map<String, long[]> counts = new HashMap<>(1 << 16);
    byte[] buf = new byte[0];
    Chunk chunk;
    while ((chunk = queue.poll()) != null) {
      FileChannel ch = channels.get(chunk.file());
      long size = ch.size();
      // A chunk owns the lines that start inside it: [first line start >= from, first line start >= to).
      long start = lineStartAtOrAfter(ch, chunk.from(), size);
      long end = lineStartAtOrAfter(ch, chunk.to(), size);
      if (start >= end) {
        continue; // one line longer than the chunk: the previous chunk owns it
      }
      int len = Math.toIntExact(end - start);
      if (buf.length < len) {
        buf = new byte[len];
      }
      readFully(ch, buf, len, start);
      int lineStart = 0;
      for (int i = 0; i <= len; i++) {
        if (i == len || buf[i] == '\n') {
          if (i > lineStart) {
            String line = new String(buf, lineStart, i - lineStart, StandardCharsets.UTF_8);
            Words.each(line, w -> {
              total[0]++;
              long[] c = counts.get(w);
              if (c == null) {
                counts.put(w, new long[] {1});
              } else {
                c[0]++;
              }
            });
          }
          lineStart = i + 1;
        }
      }
    }
    return counts;
  }

  /** The offset of the first line that starts at or after {@code pos}: 0, just after a '\n', or the size. */
  static long lineStartAtOrAfter(FileChannel ch, long pos, long size) throws IOException {
    if (pos <= 0) {
      return 0;
    }
    if (pos >= size) {
      return size;
    }
    ByteBuffer b = ByteBuffer.allocate(8192);
    long at = pos - 1; // if the byte before pos is '\n', a line starts exactly at pos
    while (at < size) {
      b.clear();
      int n = ch.read(b, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (b.get(i) == '\n') {
          return at + i + 1;
        }
      }
      at += n;
    }
    return size;
  }

  static void readFully(FileChannel ch, byte[] buf, int len, long position) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
    while (b.hasRemaining()) {
      int n = ch.read(b, position + b.position());
      if (n < 0) {
        throw new IOException("file shrank while reading");
      }
    }
  }
}
