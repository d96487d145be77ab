package dev.mapreduce.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sequential reference computations, written independently of the engine and of {@link WordCount}:
 * a regular expression finds the words, and whole files are read at once. Public because
 * mapreduce-cli's tests compare the command line's output with it, through this module's test-jar.
 */
public final class Reference {
  /** Letters or digits, as Character.isLetter / isDigit define them. */
  private static final Pattern WORD = Pattern.compile("[\\p{IsLetter}\\p{IsDigit}]+");

  private Reference() {}

  public static List<Path> files(Path... inputs) throws IOException {
    TreeSet<Path> all = new TreeSet<>();
    for (Path in : inputs) {
      if (Files.isDirectory(in)) {
        try (Stream<Path> s = Files.walk(in)) {
          s.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("_"))
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .forEach(all::add);
        }
      } else {
        all.add(in);
      }
    }
    return List.copyOf(all);
  }

  public static Map<String, Long> wordCount(Path... inputs) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    for (Path f : files(inputs)) {
      Matcher m = WORD.matcher(Files.readString(f, StandardCharsets.UTF_8));
      while (m.find()) {
        counts.merge(m.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
      }
    }
    return counts;
  }

  public static Map<String, String> index(Path... inputs) throws IOException {
    Map<String, TreeSet<String>> docs = new TreeMap<>();
    for (Path f : files(inputs)) {
      Matcher m = WORD.matcher(Files.readString(f, StandardCharsets.UTF_8));
      while (m.find()) {
        docs.computeIfAbsent(m.group().toLowerCase(Locale.ROOT), k -> new TreeSet<>())
            .add(f.getFileName().toString());
      }
    }
    Map<String, String> out = new TreeMap<>();
    docs.forEach((w, d) -> out.put(w, d.size() + "\t" + String.join(",", d)));
    return out;
  }
}
