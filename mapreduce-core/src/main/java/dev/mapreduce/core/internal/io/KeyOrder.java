package dev.mapreduce.core.internal.io;

import dev.mapreduce.core.api.Codec;
import dev.mapreduce.core.api.KeyCodec;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * The order of encoded keys: unsigned byte order when the codec promises it matches the job's
 * order, otherwise the job's comparator on decoded keys.
 */
public final class KeyOrder<K> {
  private final Codec<K> codec;
  private final Comparator<? super K> comparator;
  private final boolean raw;

  /**
   * The job's order if it names one, else the codec's natural order: then the codec must be a
   * {@link KeyCodec} ({@code Job.build()} checks that before any worker gets here).
   */
  public KeyOrder(Codec<K> codec, Optional<Comparator<? super K>> jobOrder) {
    this.codec = codec;
    if (jobOrder.isPresent()) {
      this.comparator = jobOrder.get();
      this.raw = false;
    } else if (codec instanceof KeyCodec<K> keyCodec) {
      this.comparator = keyCodec.naturalOrder();
      this.raw = keyCodec.bytesSortLikeNaturalOrder();
    } else {
      throw new IllegalArgumentException(
          "the key codec "
              + codec.getClass().getName()
              + " defines no order (it is not a KeyCodec) and the job names no keyOrder");
    }
  }

  /** True when keys compare as bytes, so nobody needs to decode them to sort. */
  public boolean raw() {
    return raw;
  }

  /** Compares two encoded keys; {@code aKey}/{@code bKey} are their decoded forms when not raw. */
  public int compare(byte[] a, int aOff, int aLen, K aKey, byte[] b, int bOff, int bLen, K bKey) {
    if (raw) {
      return Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
    }
    return comparator.compare(aKey, bKey);
  }

  public K decode(byte[] b, int off, int len) {
    return raw ? null : codec.read(b, off, len);
  }
}
