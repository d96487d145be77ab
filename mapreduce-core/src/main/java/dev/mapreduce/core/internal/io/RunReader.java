package dev.mapreduce.core.internal.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads the records of one run from a stream limited to that run. */
public final class RunReader implements Closeable {
  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int len;
  private byte[] key = new byte[64];
  private int keyLen;
  private byte[] value = new byte[64];
  private int valueLen;

  public RunReader(InputStream in) {
    this.in = in;
  }

  /** Reads the next record; false at the end of the run. */
  public boolean next() throws IOException {
    if (pos == len && !fill()) {
      return false;
    }
    keyLen = readVarInt();
    key = readInto(key, keyLen);
    valueLen = readVarInt();
    value = readInto(value, valueLen);
    return true;
  }

  public byte[] key() {
    return key;
  }

  public int keyLength() {
    return keyLen;
  }

  public byte[] value() {
    return value;
  }

  public int valueLength() {
    return valueLen;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private byte[] readInto(byte[] dst, int n) throws IOException {
    if (dst.length < n) {
      dst = Arrays.copyOf(dst, Math.max(n, dst.length * 2));
    }
    int done = 0;
    while (done < n) {
      if (pos == len && !fill()) {
        throw new EOFException("run ends inside a record");
      }
      int chunk = Math.min(n - done, len - pos);
      System.arraycopy(buf, pos, dst, done, chunk);
      pos += chunk;
      done += chunk;
    }
    return dst;
  }

  private int readVarInt() throws IOException {
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos == len && !fill()) {
        throw new EOFException("run ends inside a record header");
      }
      int b = buf[pos++];
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IOException("corrupt run: varint too long");
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      pos = len = 0;
      return false;
    }
    pos = 0;
    len = n;
    return true;
  }
}
