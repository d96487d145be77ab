package dev.mapreduce.core.api;

import java.util.Comparator;

/** Integers as zig-zag varints, like {@link LongCodec}. Keys sort numerically. */
public final class IntegerCodec implements KeyCodec<Integer> {
  private static final LongCodec LONGS = new LongCodec();

  @Override
  public void write(Integer value, ByteSink out) {
    LONGS.write(value.longValue(), out);
  }

  @Override
  public Integer read(byte[] buffer, int offset, int length) {
    return LONGS.read(buffer, offset, length).intValue();
  }

  @Override
  public Comparator<Integer> naturalOrder() {
    return Comparator.naturalOrder();
  }
}
