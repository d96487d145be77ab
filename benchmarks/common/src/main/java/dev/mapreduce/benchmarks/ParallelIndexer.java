package dev.mapreduce.benchmarks;

import java.io.IOException;
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
 * The hand-written parallel indexer, built like {@link ParallelWordCount}: the files are cut into
 * chunks of about {@code chunkMiB} whose edges are moved forward to the next line start, a fixed
 * pool of threads (one per core by default) takes chunks from a shared queue, and each thread
 * records in its own {@link HashMap} a bitmap of the documents each word occurs in. The maps are
 * merged (bitmaps or-ed) at the end and written as {@link SingleThreadIndexer} writes them.
 *
 * <pre>java -cp benchmarks-common.jar dev.mapreduce.benchmarks.ParallelIndexer INPUT OUTPUT_FILE [THREADS] [CHUNK_MIB]</pre>
 */
public final class ParallelIndexer {
  private ParallelIndexer() {}

  /** A byte range {@code [from, to)} of one file, before alignment to lines. */
  private record Chunk(int file, long from, long to) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: ParallelIndexer INPUT_DIR OUTPUT_FILE [THREADS] [CHUNK_MIB]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    long chunkBytes = (args.length > 3 ? Long.parseLong(args[3]) : 32) << 20;

    List<Path> files = Corpus.inputFiles(Path.of(args[0]));
    Corpus.Documents docs = Corpus.Documents.of(files);
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
      parts.add(pool.submit(() -> indexChunks(queue, channels, docs, total)));
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
          long[] p = merged.putIfAbsent(e.getKey(), e.getValue());
          if (p != null) {
            long[] q = e.getValue();
            for (int i = 0; i < p.length; i++) {
              p[i] |= q[i];
            }
          }
        }
      }
    }
    for (FileChannel ch : channels) {
      ch.close();
    }
    int distinct = Corpus.writeIndex(merged, docs, Path.of(args[1]));
    Corpus.report("baseline-mt indexer", t0, words, distinct);
  }

  private static Map<String, long[]> indexChunks(ConcurrentLinkedQueue<Chunk> queue,
      List<FileChannel> channels, Corpus.Documents docs, long[] total) throws IOException {
    int bitmapWords = docs.bitmapWords();
    Map<String, long[]> postings = new HashMap<>(1 << 16);
    byte[] buf = new byte[0];
    Chunk chunk;
    while ((chunk = queue.poll()) != null) {
      FileChannel ch = channels.get(chunk.file());
      int rank = docs.rank()[chunk.file()];
      int word = rank >>> 6;
      long bit = 1L << rank;
      long size = ch.size();
      // A chunk owns the lines that start inside it: [first line start >= from, first line start >= to).
      long start = ParallelWordCount.lineStartAtOrAfter(ch, chunk.from(), size);
      long end = ParallelWordCount.lineStartAtOrAfter(ch, chunk.to(), size);
      if (start >= end) {
        continue; // one line longer than the chunk: the previous chunk owns it
      }
      int len = Math.toIntExact(end - start);
      if (buf.length < len) {
        buf = new byte[len];
      }
      ParallelWordCount.readFully(ch, buf, len, start);
      int lineStart = 0;
      for (int i = 0; i <= len; i++) {
        if (i == len || buf[i] == '\n') {
          if (i > lineStart) {
            String line = new String(buf, lineStart, i - lineStart, StandardCharsets.UTF_8);
            Words.each(line, w -> {
              total[0]++;
              long[] p = postings.get(w);
              if (p == null) {
                p = new long[bitmapWords];
                postings.put(w, p);
              }
              p[word] |= bit;
            });
          }
          lineStart = i + 1;
        }
      }
    }
    return postings;
  }
}
