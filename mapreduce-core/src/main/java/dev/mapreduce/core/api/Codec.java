package dev.mapreduce.core.api;

import java.util.Comparator;

/**
 * Turns map output keys and values into bytes and back. Map output is held and spilled as bytes,
 * never as objects, so memory is bounded by the sort buffer. Implementations need a public no-arg
 * constructor so a remote worker can create them from the class name.
 */
public interface Codec<T> {
  void write(T value, ByteSink out);

  T read(byte[] buffer, int offset, int length);

  /** The order used for keys when the job names none. */
  Comparator<? super T> naturalOrder();

  /**
   * True when comparing the encoded bytes as unsigned bytes gives the same order as {@link
   * #naturalOrder()}; the sort then compares bytes and never decodes keys.
   */
  default boolean bytesSortLikeNaturalOrder() {
    return false;
  }
}
