package dev.mapreduce.core.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code length} bytes of a file from {@code offset}, then reports end of stream: one
 * partition of a map output file. Reads the channel directly, without a buffer of its own, since
 * callers wrap it in one.
 */
final class SegmentInputStream extends InputStream {
  private final SeekableByteChannel channel;
  private long remaining;

  SegmentInputStream(Path file, long offset, long length) throws IOException {
    this.channel = Files.newByteChannel(file);
    try {
      channel.position(offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
