package dev.mapreduce.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Input listing and output writing shared by the hand-written word counts. */
final class Corpus {
  private Corpus() {}

  /**
   * The input files under {@code dir} (or {@code dir} itself if it is a file), sorted by path.
   * Names starting with '_' or '.' are skipped, as Hadoop, Spark and the engine skip them.
   */
  static List<Path> inputFiles(Path dir) throws IOException {
    if (Files.isRegularFile(dir)) {
      return List.of(dir);
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .filter(p -> {
            for (Path part : dir.relativize(p)) {
              String name = part.toString();
              if (name.startsWith("_") || name.startsWith(".")) {
                return false;
              }
            }
            return true;
          })
          .sorted()
          .forEach(files::add);
    }
    if (files.isEmpty()) {
      throw new IOException("no input files under " + dir);
    }
    return files;
  }

  /** Writes {@code word<TAB>count} lines sorted by word; returns the number of lines. */
  static int writeSorted(Map<String, long[]> counts, Path out) throws IOException {
    String[] words = counts.keySet().toArray(new String[0]);
    Arrays.sort(words);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter w = new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16)) {
      for (String word : words) {
        w.write(word);
        w.write('\t');
        w.write(Long.toString(counts.get(word)[0]));
        w.write('\n');
      }
    }
    return words.length;
  }

  static void report(String program, long startNanos, long words, int distinct) {
    System.err.printf("%s: words=%d distinct=%d elapsed_s=%.3f%n",
        program, words, distinct, (System.nanoTime() - startNanos) / 1e9);
  }
}
