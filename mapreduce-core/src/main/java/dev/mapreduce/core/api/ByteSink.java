package dev.mapreduce.core.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that codecs write into. Each {@code write...} method has a {@code read...}
 * twin in {@link ByteSource}, so a codec of several fields writes them in order here and reads them
 * back in the same order there.
 */
public final class ByteSink {
  private byte[] bytes;
  private int size;

  /**
   * An empty sink.
   *
   * @param initialCapacity bytes to allocate up front; the sink grows as needed
   */
  public ByteSink(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  /**
   * Appends the low 8 bits of {@code b}; {@link ByteSource#readByte()} reads it back.
   *
   * @param b the byte, in the low 8 bits
   */
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  /**
   * Appends {@code len} bytes of {@code src} from {@code off}, with no length: {@link
   * ByteSource#readFully(int)} reads them back when the reader knows {@code len}.
   *
   * @param src where the bytes are
   * @param off the first byte
   * @param len how many bytes
   */
  public void write(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, bytes, size, len);
    size += len;
  }

  /**
   * Unsigned LEB128, the varint used in run files: 7 bits a byte, so values below 128 take one
   * byte. A negative value takes ten bytes: use {@link #writeZigZagLong} for signed numbers. {@link
   * ByteSource#readVarLong()} reads it back.
   *
   * @param v the value, read as unsigned
   */
  public void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  /**
   * A signed number as a varint after zig-zag encoding (0, -1, 1, -2, ... become 0, 1, 2, 3, ...),
   * so that small magnitudes of either sign take one byte. {@link ByteSource#readZigZagLong()}
   * reads it back.
   *
   * @param v the value
   */
  public void writeZigZagLong(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  /**
   * Four bytes, big-endian; {@link ByteSource#readInt()} reads them back.
   *
   * @param v the value
   */
  public void writeInt(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  /**
   * Eight bytes, big-endian; {@link ByteSource#readLong()} reads them back.
   *
   * @param v the value
   */
  public void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  /**
   * The IEEE 754 bits of {@code v} ({@link Double#doubleToLongBits}, so every NaN is written alike)
   * as eight big-endian bytes; {@link ByteSource#readDouble()} reads them back.
   *
   * @param v the value
   */
  public void writeDouble(double v) {
    writeLong(Double.doubleToLongBits(v));
  }

  /**
   * The string's UTF-8 bytes after their count as a varint, so that another field may follow;
   * {@link ByteSource#readString()} reads it back. A string with an unpaired surrogate has no UTF-8
   * form and is refused, as {@link StringCodec} refuses it.
   *
   * @param s the string
   * @throws IllegalArgumentException if {@code s} has an unpaired surrogate
   */
  public void writeString(String s) {
    StringCodec.requireWellFormed(s, 0);
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The bytes after their count as a varint, so that another field may follow; {@link
   * ByteSource#readBytes()} reads them back.
   *
   * @param b the bytes
   */
  public void writeBytes(byte[] b) {
    writeVarLong(b.length);
    write(b, 0, b.length);
  }

  /**
   * Makes room for {@code extra} more bytes and returns the backing array (valid until next write).
   * Write at {@link #size()} and then {@link #advance} by what was written: the fast path of a
   * codec that writes many bytes at once.
   *
   * @param extra how many bytes the caller will write
   * @return the backing array, with at least {@code extra} bytes free after {@link #size()}
   */
  public byte[] reserve(int extra) {
    ensure(extra);
    return bytes;
  }

  /**
   * Counts {@code n} bytes written directly into the array from {@link #reserve}.
   *
   * @param n how many bytes were written
   */
  public void advance(int n) {
    size += n;
  }

  /**
   * The number of bytes written since the last {@link #reset()}.
   *
   * @return the number of bytes written
   */
  public int size() {
    return size;
  }

  /**
   * The backing array: the first {@link #size()} bytes are what was written.
   *
   * @return the backing array, valid until the next write
   */
  public byte[] array() {
    return bytes;
  }

  /** Forgets what was written, keeping the memory. */
  public void reset() {
    size = 0;
  }

  /**
   * A copy of what was written.
   *
   * @return the first {@link #size()} bytes
   */
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
