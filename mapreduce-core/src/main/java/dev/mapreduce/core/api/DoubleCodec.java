package dev.mapreduce.core.api;

import java.util.Comparator;

/**
 * Doubles in eight bytes whose unsigned order is {@link Double#compare}'s order (negative numbers
 * first, -0.0 before 0.0, NaN last), so keys sort without being decoded. The IEEE bits are
 * rearranged: a positive number gets its sign bit set, a negative one has every bit flipped.
 */
public final class DoubleCodec implements KeyCodec<Double> {
  @Override
  public void write(Double value, ByteSink out) {
    out.writeLong(sortable(Double.doubleToLongBits(value)));
  }

  @Override
  public Double read(byte[] buffer, int offset, int length) {
    long bits = new ByteSource(buffer, offset, length).readLong();
    // A set top bit marks a number that was positive: undo what sortable() did.
    return Double.longBitsToDouble(bits < 0 ? bits ^ Long.MIN_VALUE : ~bits);
  }

  private static long sortable(long bits) {
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  @Override
  public Comparator<Double> naturalOrder() {
    return Double::compare;
  }

  @Override
  public boolean bytesSortLikeNaturalOrder() {
    return true;
  }
}
