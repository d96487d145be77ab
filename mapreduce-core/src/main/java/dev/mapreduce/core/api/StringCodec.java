package dev.mapreduce.core.api;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Locale;

/**
 * UTF-8 strings. The natural order is Unicode code point order, which is exactly the order of the
 * UTF-8 bytes, so sorting never decodes a key. (It differs from {@link String#compareTo} only for
 * characters outside the Basic Multilingual Plane.)
 */
public final class StringCodec implements KeyCodec<String> {
  public static final Comparator<String> CODE_POINT_ORDER = StringCodec::compareCodePoints;

  @Override
  public void write(String value, ByteSink out) {
    int n = value.length();
    byte[] buf = out.reserve(n * 3);
    int pos = out.size();
    int start = pos;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        buf[pos++] = (byte) c;
      } else {
        // Rare path: let the JDK handle multi-byte and surrogate pairs. It would write an
        // unpaired surrogate as '?', merging distinct keys: refuse such a string instead.
        requireWellFormed(value, i);
        byte[] tail = value.substring(i).getBytes(StandardCharsets.UTF_8);
        out.advance(pos - start);
        out.write(tail, 0, tail.length);
        return;
      }
    }
    out.advance(pos - start);
  }

  static void requireWellFormed(String value, int from) {
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "string has an unpaired surrogate U+"
                + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                + " at index "
                + i
                + ": it has no UTF-8 form, and writing '?' would merge it with"
                + " other strings");
      }
    }
  }

  @Override
  public String read(byte[] buffer, int offset, int length) {
    return new String(buffer, offset, length, StandardCharsets.UTF_8);
  }

  @Override
  public Comparator<String> naturalOrder() {
    return CODE_POINT_ORDER;
  }

  @Override
  public boolean bytesSortLikeNaturalOrder() {
    return true;
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
