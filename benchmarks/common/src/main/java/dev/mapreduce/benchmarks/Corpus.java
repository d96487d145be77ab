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
import java.util.TreeSet;
import java.util.stream.Stream;

/** Input listing and output writing shared by the hand-written word counts and indexers. */
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

  /**
   * The documents of an index, as the engine's indexer names them: a file's name without its
   * directories. {@code names} holds the distinct names in {@link String} order, which is the order
   * of a posting list; {@code rank[f]} is the index in {@code names} of {@code files.get(f)}'s name
   * (files with the same name in different directories are one document, as in the engine).
   */
  record Documents(String[] names, int[] rank) {
    static Documents of(List<Path> files) {
      TreeSet<String> distinct = new TreeSet<>();
      for (Path f : files) {
        distinct.add(f.getFileName().toString());
      }
      String[] names = distinct.toArray(new String[0]);
      int[] rank = new int[files.size()];
      for (int f = 0; f < rank.length; f++) {
        rank[f] = Arrays.binarySearch(names, files.get(f).getFileName().toString());
      }
      return new Documents(names, rank);
    }

    /** Words of a posting bitmap: one bit per document, by rank. */
    int bitmapWords() {
      return (names.length + 63) >>> 6;
    }
  }

  /**
   * Writes the engine indexer's lines, {@code word<TAB>n<TAB>doc1,doc2,...}, sorted by word, where
   * each value of {@code postings} is a bitmap over the documents' ranks; returns the number of
   * lines.
   */
  static int writeIndex(Map<String, long[]> postings, Documents docs, Path out) throws IOException {
    String[] words = postings.keySet().toArray(new String[0]);
    Arrays.sort(words);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter w = new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16)) {
      for (String word : words) {
        long[] bits = postings.get(word);
        int n = 0;
        for (long b : bits) {
          n += Long.bitCount(b);
        }
        w.write(word);
        w.write('\t');
        w.write(Integer.toString(n));
        w.write('\t');
        boolean first = true;
        for (int i = 0; i < bits.length; i++) {
          for (long b = bits[i]; b != 0; b &= b - 1) {
            if (!first) {
              w.write(',');
            }
            first = false;
            w.write(docs.names()[(i << 6) + Long.numberOfTrailingZeros(b)]);
          }
        }
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
