package dev.mapreduce.core.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads back, in order, what a {@link ByteSink} wrote: each {@code read...} method is the twin of a
 * {@code write...} method there. A codec of several fields wraps its record's bytes and reads each
 * field in the order it wrote them:
 *
 * <pre>{@code
 * public Order read(byte[] buffer, int offset, int length) {
 *   ByteSource in = new ByteSource(buffer, offset, length);
 *   return new Order(in.readString(), in.readZigZagLong());
 * }
 * }</pre>
 *
 * <p>Reading past the end is an {@link IllegalStateException}: a codec that reads more than it
 * wrote has a bug, and garbage must not pass for a value.
 */
public final class ByteSource {
  private final byte[] buffer;
  private final int end;
  private int pos;

  /**
   * Reads {@code length} bytes of {@code buffer} from {@code offset}; nothing is copied.
   *
   * @param buffer the bytes
   * @param offset the first byte to read
   * @param length how many bytes may be read
   */
  public ByteSource(byte[] buffer, int offset, int length) {
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new IndexOutOfBoundsException(
          "range [" + offset + ", " + offset + " + " + length + ") of " + buffer.length + " bytes");
    }
    this.buffer = buffer;
    this.pos = offset;
    this.end = offset + length;
  }

  /**
   * How many bytes are left.
   *
   * @return the number of unread bytes
   */
  public int remaining() {
    return end - pos;
  }

  /**
   * The offset in the buffer of the next byte to read.
   *
   * @return the position, between the constructor's {@code offset} and {@code offset + length}
   */
  public int position() {
    return pos;
  }

  /**
   * Skips {@code n} bytes, say a field that another codec decodes in place.
   *
   * @param n how many bytes to skip
   */
  public void skip(int n) {
    require(n);
    pos += n;
  }

  /**
   * Reads what {@link ByteSink#write(int)} wrote.
   *
   * @return the byte, 0 to 255
   */
  public int readByte() {
    require(1);
    return buffer[pos++] & 0xFF;
  }

  /**
   * Reads {@code n} bytes that {@link ByteSink#write(byte[], int, int)} wrote.
   *
   * @param n how many bytes
   * @return a copy of them
   */
  public byte[] readFully(int n) {
    require(n);
    byte[] out = Arrays.copyOfRange(buffer, pos, pos + n);
    pos += n;
    return out;
  }

  /**
   * Reads what {@link ByteSink#writeVarLong} wrote.
   *
   * @return the value
   */
  public long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalStateException("varint longer than 10 bytes at offset " + (pos - 10));
  }

  /**
   * Reads what {@link ByteSink#writeZigZagLong} wrote.
   *
   * @return the value
   */
  public long readZigZagLong() {
    long raw = readVarLong();
    return (raw >>> 1) ^ -(raw & 1);
  }

  /**
   * Reads what {@link ByteSink#writeInt} wrote.
   *
   * @return the value
   */
  public int readInt() {
    require(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buffer[pos++] & 0xFF);
    }
    return v;
  }

  /**
   * Reads what {@link ByteSink#writeLong} wrote.
   *
   * @return the value
   */
  public long readLong() {
    require(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buffer[pos++] & 0xFF);
    }
    return v;
  }

  /**
   * Reads what {@link ByteSink#writeDouble} wrote.
   *
   * @return the value
   */
  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  /**
   * Reads what {@link ByteSink#writeString} wrote.
   *
   * @return the string
   */
  public String readString() {
    int n = readLength();
    String s = new String(buffer, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /**
   * Reads what {@link ByteSink#writeBytes} wrote.
   *
   * @return a copy of the bytes
   */
  public byte[] readBytes() {
    return readFully(readLength());
  }

  /**
   * Reads a length that {@link ByteSink#writeVarLong} wrote before a field, checking that the field
   * fits in what is left.
   *
   * @return the length, at most {@link #remaining()}
   */
  public int readLength() {
    long n = readVarLong();
    if (n < 0 || n > remaining()) {
      throw new IllegalStateException(
          "a field of " + n + " bytes does not fit in the " + remaining() + " bytes left");
    }
    return (int) n;
  }

  private void require(int n) {
    if (n < 0 || n > end - pos) {
      throw new IllegalStateException(
          "record too short: wanted " + n + " more bytes, " + (end - pos) + " left");
    }
  }
}
