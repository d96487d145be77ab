package dev.mapreduce.core.api;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Byte arrays as they are. Keys sort as unsigned bytes, shorter first when one is a prefix of the
 * other ({@link Arrays#compareUnsigned}), which is also the order of their encodings.
 */
public final class BytesCodec implements KeyCodec<byte[]> {
  private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

  @Override
  public void write(byte[] value, ByteSink out) {
    out.write(value, 0, value.length);
  }

  @Override
  public byte[] read(byte[] buffer, int offset, int length) {
    return Arrays.copyOfRange(buffer, offset, offset + length);
  }

  @Override
  public Comparator<byte[]> naturalOrder() {
    return UNSIGNED;
  }

  @Override
  public boolean bytesSortLikeNaturalOrder() {
    return true;
  }
}
