package dev.mapreduce.core.api;

import java.util.Comparator;

/**
 * A codec for map output keys: it also says how keys sort within each reduce task when the job
 * names no {@link Job.Builder#keyOrder key order}. Values need only a {@link Codec}.
 *
 * @param <T> the type of the keys it encodes
 */
public interface KeyCodec<T> extends Codec<T> {
  /**
   * The order used for keys when the job names none.
   *
   * @return a comparator consistent with equality of the encodings
   */
  Comparator<? super T> naturalOrder();

  /**
   * True when comparing the encoded bytes as unsigned bytes gives the same order as {@link
   * #naturalOrder()}; the sort then compares bytes and never decodes keys.
   *
   * @return false unless the encoding was designed to sort
   */
  default boolean bytesSortLikeNaturalOrder() {
    return false;
  }
}
