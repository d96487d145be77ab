package dev.mapreduce.core.internal.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a run: records of {@code varint keyLength, key, varint valueLength, value}, sorted by key
 * by whoever writes them. Map outputs are runs laid end to end, one per partition.
 */
public final class RunWriter implements Closeable {
  private final OutputStream out;
  private long bytesWritten;
  private long records;

  public RunWriter(OutputStream out) {
    this.out = new BufferedOutputStream(out, 64 * 1024);
  }

  public void write(byte[] key, int keyOff, int keyLen, byte[] val, int valOff, int valLen)
      throws IOException {
    writeVarInt(keyLen);
    out.write(key, keyOff, keyLen);
    writeVarInt(valLen);
    out.write(val, valOff, valLen);
    bytesWritten += keyLen + valLen + varIntSize(keyLen) + varIntSize(valLen);
    records++;
  }

  public long bytesWritten() {
    return bytesWritten;
  }

  public long records() {
    return records;
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void writeVarInt(int v) throws IOException {
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  static int varIntSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      n++;
      v >>>= 7;
    }
    return n;
  }
}
