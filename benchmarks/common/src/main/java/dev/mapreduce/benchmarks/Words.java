package dev.mapreduce.benchmarks;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The word definition every benchmarked program shares, and the engine's word count uses: a word
 * is a maximal run of code points for which {@link Character#isLetterOrDigit(int)} holds, and the
 * key is that run lower-cased as a whole with {@code String.toLowerCase(Locale.ROOT)} (so that
 * context-dependent rules, such as a final capital sigma, apply as they do in the engine).
 *
 * <p>Written independently of the engine's {@code WordCount.forEachWord} on purpose: the harness
 * checks that the engine's output equals this definition's, so it must not borrow the engine's code.
 */
public final class Words {
  private Words() {}

  /** Hands every word of {@code text}, lower-cased, to {@code sink}, in order. */
  public static void each(String text, Consumer<String> sink) {
    final int n = text.length();
    int i = 0;
    while (i < n) {
      // Skip separators.
      int cp = text.charAt(i);
      if (cp < 0x80) {
        if (!asciiWordChar(cp)) {
          i++;
          continue;
        }
      } else {
        cp = text.codePointAt(i);
        if (!Character.isLetterOrDigit(cp)) {
          i += Character.charCount(cp);
          continue;
        }
      }
      // A word starts at i; find its end, noting whether it needs lower-casing at all.
      final int start = i;
      boolean lower = true; // only 'a'-'z' and '0'-'9' so far: the text is already the key
      while (i < n) {
        int c = text.charAt(i);
        if (c < 0x80) {
          if (!asciiWordChar(c)) {
            break;
          }
          if (c <= 'Z' && c >= 'A') {
            lower = false;
          }
          i++;
        } else {
          c = text.codePointAt(i);
          if (!Character.isLetterOrDigit(c)) {
            break;
          }
          lower = false;
          i += Character.charCount(c);
        }
      }
      String word = text.substring(start, i);
      sink.accept(lower ? word : word.toLowerCase(Locale.ROOT));
    }
  }

  private static boolean asciiWordChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
