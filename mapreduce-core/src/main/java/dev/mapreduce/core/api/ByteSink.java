package dev.mapreduce.core.api;

import java.util.Arrays;

/** A growable byte buffer that codecs write into. */
public final class ByteSink {
  private byte[] bytes;
  private int size;

  public ByteSink(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  public void write(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, bytes, size, len);
    size += len;
  }

  /** Unsigned LEB128, the varint used in run files. */
  public void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  /**
   * Makes room for {@code extra} more bytes and returns the backing array (valid until next write).
   */
  public byte[] reserve(int extra) {
    ensure(extra);
    return bytes;
  }

  public void advance(int n) {
    size += n;
  }

  public int size() {
    return size;
  }

  public byte[] array() {
    return bytes;
  }

  public void reset() {
    size = 0;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      long wanted = Math.max((long) bytes.length * 2, (long) size + extra);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("record larger than 2 GB");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }
}
