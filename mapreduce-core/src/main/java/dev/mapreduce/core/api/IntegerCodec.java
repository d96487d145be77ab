package dev.mapreduce.core.api;

import java.util.Comparator;

/** Integers as zig-zag varints. */
public final class IntegerCodec implements Codec<Integer> {
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
