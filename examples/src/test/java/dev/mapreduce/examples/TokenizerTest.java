package dev.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast tokenizer against the plain definition: code points, then String.toLowerCase. */
class TokenizerTest {
  private static List<String> plain(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    line.codePoints()
        .forEach(
            cp -> {
              if (Character.isLetterOrDigit(cp)) {
                w.appendCodePoint(cp);
              } else if (w.length() > 0) {
                out.add(w.toString().toLowerCase(Locale.ROOT));
                w.setLength(0);
              }
            });
    if (w.length() > 0) {
      out.add(w.toString().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static List<String> fast(String line) {
    List<String> out = new ArrayList<>();
    WordCount.forEachWord(line, out::add);
    return out;
  }

  @Test
  void agreesWithThePlainDefinitionOnTrickyText() {
    for (String line :
        List.of(
            "",
            " ",
            "Hello, WORLD! 42x",
            "İstanbul DİYARBAKIR",
            "Straße STRASSE",
            "naïve café",
            "\uD835\uDC00\uD835\uDC01 math letters",
            "a\u0301 combining",
            "x_y-z",
            "ǅungla",
            "end",
            "Ω≈ç√",
            "日本語 テキスト",
            "tab\tsep\nnl")) {
      assertThat(fast(line)).as(line).isEqualTo(plain(line));
    }
  }

  @Test
  void agreesWithThePlainDefinitionOnRandomText() {
    Random r = new Random(17);
    String alphabet = "aZ09 ,.-İıßéÉ\u0301ǅΣσς日\uD835\uDC00\t";
    for (int n = 0; n < 2000; n++) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.nextInt(30); i++) {
        int k = r.nextInt(alphabet.length());
        char c = alphabet.charAt(k);
        if (Character.isHighSurrogate(c) && k + 1 < alphabet.length()) {
          b.append(c).append(alphabet.charAt(k + 1));
        } else if (!Character.isLowSurrogate(c)) {
          b.append(c);
        }
      }
      assertThat(fast(b.toString())).as(b.toString()).isEqualTo(plain(b.toString()));
    }
  }
}
