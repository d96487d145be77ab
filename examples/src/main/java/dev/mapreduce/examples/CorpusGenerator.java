package dev.mapreduce.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes a deterministic text corpus: words drawn from a Zipf distribution (exponent 1) over a
 * synthetic vocabulary built from syllables, a few of them non-ASCII, in lines of 4 to 16 words
 * with some punctuation. The same seed and size always give the same bytes.
 */
public final class CorpusGenerator {
  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "gri", "sto", "an", "el", "or",
    "qua", "zen", "bri", "tho", "ul", "ex", "ip", "mar", "fel", "sun", "dar", "wyn", "ost"
  };
  private static final String[] SPECIAL = {"café", "naïve", "straße", "東京", "ÉCOLE", "Ωmega"};
  private static final String[] PUNCTUATION = {" ", " ", " ", " ", " ", ", ", ". ", "; ", " - "};

  private final String[] vocabulary;
  private final double[] cumulative;
  private final long seed;

  public CorpusGenerator(int vocabularySize, long seed) {
    this.seed = seed;
    Random r = new Random(seed);
    Set<String> words = new HashSet<>();
    List<String> ordered = new ArrayList<>();
    for (String s : SPECIAL) {
      words.add(s);
      ordered.add(s);
    }
    while (ordered.size() < vocabularySize) {
      int parts = 1 + r.nextInt(4);
      StringBuilder w = new StringBuilder();
      for (int i = 0; i < parts; i++) {
        w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      }
      if (r.nextInt(50) == 0) {
        w.append(r.nextInt(100));
      }
      if (words.add(w.toString())) {
        ordered.add(w.toString());
      }
    }
    // Shuffle so the special words are spread over the frequency ranks.
    java.util.Collections.shuffle(ordered, r);
    vocabulary = ordered.toArray(new String[0]);
    cumulative = new double[vocabulary.length];
    double sum = 0;
    for (int i = 0; i < vocabulary.length; i++) {
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  /** Writes {@code files} files of about {@code bytesPerFile} bytes each into {@code dir}. */
  public List<Path> write(Path dir, int files, long bytesPerFile) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      Path file = dir.resolve(String.format("part-%03d.txt", f));
      Random r = new Random(seed * 31 + f);
      long written = 0;
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        StringBuilder line = new StringBuilder(160);
        while (written < bytesPerFile) {
          line.setLength(0);
          int words = 4 + r.nextInt(13);
          for (int i = 0; i < words; i++) {
            String word = vocabulary[sample(r.nextDouble())];
            if (i == 0 && r.nextInt(4) == 0) {
              word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            line.append(word);
            line.append(i + 1 < words ? PUNCTUATION[r.nextInt(PUNCTUATION.length)] : ".");
          }
          line.append('\n');
          w.append(line);
          written += line.length() + 1; // close enough: most characters are one byte
        }
      }
      out.add(file);
    }
    return out;
  }

  private int sample(double u) {
    int i = Arrays.binarySearch(cumulative, u);
    return Math.min(i >= 0 ? i : -i - 1, vocabulary.length - 1);
  }
}
