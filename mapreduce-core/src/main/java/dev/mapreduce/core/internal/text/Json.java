package dev.mapreduce.core.internal.text;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the few JSON documents the core produces ({@code _SUCCESS}), indented two spaces. The core
 * writes JSON in one place only, so a JSON library on every user's classpath would cost more than
 * these lines.
 */
public final class Json {
  private Json() {}

  /**
   * {@code value} as indented JSON: maps (string keys, in their iteration order), lists, strings,
   * numbers, booleans and null.
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.toString();
  }

  private static void write(Object v, StringBuilder out, String indent) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      out.append(v);
    } else if (v instanceof Map<?, ?> m) {
      object(m, out, indent);
    } else if (v instanceof List<?> l) {
      array(l, out, indent);
    } else {
      // Doubles would need NaN and exponent rules; nothing the core writes has them.
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void object(Map<?, ?> m, StringBuilder out, String indent) {
    if (m.isEmpty()) {
      out.append("{}");
      return;
    }
    String inner = indent + "  ";
    out.append("{\n");
    Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<?, ?> e = it.next();
      out.append(inner);
      string((String) e.getKey(), out);
      out.append(": ");
      write(e.getValue(), out, inner);
      out.append(it.hasNext() ? ",\n" : "\n");
    }
    out.append(indent).append('}');
  }

  private static void array(List<?> l, StringBuilder out, String indent) {
    if (l.isEmpty()) {
      out.append("[]");
      return;
    }
    String inner = indent + "  ";
    out.append("[\n");
    for (int i = 0; i < l.size(); i++) {
      out.append(inner);
      write(l.get(i), out, inner);
      out.append(i + 1 < l.size() ? ",\n" : "\n");
    }
    out.append(indent).append(']');
  }

  /**
   * RFC 8259 string: quote, backslash and control characters escaped, and a surrogate without its
   * pair written as {@code \\uXXXX} (it has no UTF-8 form, so written as is it would make the file
   * unwritable: a user's half-cut emoji in a counter name or an error must not fail a commit); the
   * rest as is.
   */
  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || unpairedSurrogate(s, i)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean unpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
