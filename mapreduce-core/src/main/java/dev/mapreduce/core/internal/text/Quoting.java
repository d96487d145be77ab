package dev.mapreduce.core.internal.text;

import java.util.Locale;

/**
 * Untrusted text (from the network or a descriptor) made safe to put in an error message: a
 * bounded, printable-ASCII, Java-style literal. Messages end up in logs and status pages, where raw
 * control characters or a 10 MB string would do harm of their own.
 */
public final class Quoting {
  private Quoting() {}

  public static String quote(String s, int maxShown) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(s.length(), maxShown);
    for (int i = 0; i < shown; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    out.append('"');
    if (s.length() > shown) {
      out.append("... (").append(s.length()).append(" chars)");
    }
    return out.toString();
  }
}
