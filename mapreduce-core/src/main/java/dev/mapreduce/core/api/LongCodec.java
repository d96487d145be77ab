package dev.mapreduce.core.api;

import java.util.Comparator;

/**
 * Longs as zig-zag varints ({@link ByteSink#writeZigZagLong}): small counts take one byte. Keys
 * sort numerically, by decoding them.
 */
public final class LongCodec implements KeyCodec<Long> {
  @Override
  public void write(Long value, ByteSink out) {
    out.writeZigZagLong(value);
  }

  @Override
  public Long read(byte[] buffer, int offset, int length) {
    long raw = 0;
    int shift = 0;
    for (int i = offset; i < offset + length; i++) {
      raw |= (long) (buffer[i] & 0x7F) << shift;
      shift += 7;
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  @Override
  public Comparator<Long> naturalOrder() {
    return Comparator.naturalOrder();
  }
}
