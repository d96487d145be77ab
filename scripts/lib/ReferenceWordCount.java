import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An independent word count for the end-to-end scripts, sharing no code with the engine: run as
 * {@code java scripts/lib/ReferenceWordCount.java DIR} (a single-file program, no build needed). A
 * word is a maximal run of code points for which {@link Character#isLetterOrDigit(int)} holds,
 * lower-cased with {@link Locale#ROOT}, as the README defines word count. Files whose names start
 * with {@code _} or {@code .} are skipped, as the engine's input does. Prints {@code
 * word<TAB>count} lines sorted by code point, which is what {@code LC_ALL=C sort} gives for the
 * engine's UTF-8 output.
 */
public final class ReferenceWordCount {
  public static void main(String[] args) throws IOException {
    Map<String, Long> counts = new TreeMap<>(ReferenceWordCount::byCodePoint);
    for (String arg : args) {
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = Files.walk(Path.of(arg))) {
        s.filter(Files::isRegularFile)
            .filter(p -> !p.getFileName().toString().startsWith("_"))
            .filter(p -> !p.getFileName().toString().startsWith("."))
            .forEach(files::add);
      }
      for (Path f : files) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            count(line, counts);
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    counts.forEach((w, n) -> out.append(w).append('\t').append(n).append('\n'));
    System.out.print(out);
  }

  private static void count(String line, Map<String, Long> counts) {
    int start = -1;
    int i = 0;
    while (i <= line.length()) {
      int cp = i < line.length() ? line.codePointAt(i) : ' ';
      boolean inWord = i < line.length() && Character.isLetterOrDigit(cp);
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        counts.merge(line.substring(start, i).toLowerCase(Locale.ROOT), 1L, Long::sum);
        start = -1;
      }
      i += i < line.length() ? Character.charCount(cp) : 1;
    }
  }

  private static int byCodePoint(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
