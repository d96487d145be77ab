package dev.mapreduce.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The indexer's reference: one thread reads every file line by line with a {@link BufferedReader}
 * and records, in a {@link HashMap} from word to a bitmap over the documents, which files each word
 * occurs in; then it writes the engine indexer's lines, {@code word<TAB>n<TAB>doc1,doc2,...}, sorted
 * by word, with the documents (file names without directories) in {@link String} order.
 *
 * <pre>java -cp benchmarks-common.jar dev.mapreduce.benchmarks.SingleThreadIndexer INPUT OUTPUT_FILE</pre>
 */
public final class SingleThreadIndexer {
  private SingleThreadIndexer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SingleThreadIndexer INPUT_DIR OUTPUT_FILE");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    List<Path> files = Corpus.inputFiles(Path.of(args[0]));
    Corpus.Documents docs = Corpus.Documents.of(files);
    int bitmapWords = docs.bitmapWords();
    Map<String, long[]> postings = new HashMap<>(1 << 16);
    long[] total = {0};
    for (int f = 0; f < files.size(); f++) {
      int rank = docs.rank()[f];
      int word = rank >>> 6;
      long bit = 1L << rank;
      // InputStreamReader replaces malformed UTF-8 with U+FFFD, as the engine's line reader does.
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(Files.newInputStream(files.get(f)), StandardCharsets.UTF_8), 1 << 16)) {
        String line;
        while ((line = r.readLine()) != null) {
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
      }
    }
    int distinct = Corpus.writeIndex(postings, docs, Path.of(args[1]));
    Corpus.report("baseline-1t indexer", t0, total[0], distinct);
  }
}
