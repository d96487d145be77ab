package dev.mapreduce.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The reference: one thread reads every file line by line with a {@link BufferedReader} and counts
 * words in a {@link HashMap}, then writes {@code word<TAB>count} sorted by word.
 *
 * <pre>java -cp benchmarks-common.jar dev.mapreduce.benchmarks.SingleThreadWordCount INPUT OUTPUT_FILE</pre>
 */
public final class SingleThreadWordCount {
  private SingleThreadWordCount() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SingleThreadWordCount INPUT_DIR OUTPUT_FILE");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    Map<String, long[]> counts = new HashMap<>(1 << 16);
    long[] total = {0};
    for (Path file : Corpus.inputFiles(Path.of(args[0]))) {
      // InputStreamReader replaces malformed UTF-8 with U+FFFD, as Hadoop's Text does.
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
        String line;
        while ((line = r.readLine()) != null) {
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
      }
    }
    int distinct = Corpus.writeSorted(counts, Path.of(args[1]));
    Corpus.report("baseline-1t", t0, total[0], distinct);
  }
}
