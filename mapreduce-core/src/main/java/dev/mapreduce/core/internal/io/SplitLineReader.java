package dev.mapreduce.core.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the lines of one split. A line belongs to the split in which it starts: a reader that does
 * not start at offset 0 steps back one byte and discards everything up to and including the first
 * '\n', and a reader stops at the first line that starts at or after its end. So every line is read
 * exactly once across adjacent splits, whatever the split size. Lines end at '\n'; a trailing '\r'
 * is removed; invalid UTF-8 becomes U+FFFD.
 */
public final class SplitLineReader implements Closeable {
  private static final int BUFFER = 64 * 1024;

  private final ReadableByteChannel channel;
  private final long end;
  private final byte[] buf = new byte[BUFFER];
  private final ByteBuffer wrapped = ByteBuffer.wrap(buf);
  private int bufPos;
  private int bufLen;
  private long pos; // file offset of buf[bufPos]
  private boolean eof;
  private byte[] longLine = new byte[0];

  private long lineOffset;
  private String line;
  private long bytesRead;

  public SplitLineReader(Path file, long start, long length) throws IOException {
    SeekableByteChannel seekable = Files.newByteChannel(file);
    this.channel = seekable;
    this.end = start + length;
    long from = start == 0 ? 0 : start - 1;
    try {
      seekable.position(from);
      this.pos = from;
      if (start != 0) {
        skipPastNewline();
      }
    } catch (IOException | RuntimeException e) {
      seekable.close();
      throw e;
    }
  }

  /**
   * Every line of a stream that cannot seek (such as decompressed input); closes it when closed.
   */
  public SplitLineReader(ReadableByteChannel whole) {
    this.channel = whole;
    this.end = Long.MAX_VALUE;
  }

  /** Moves to the next line of this split; false when there is none. */
  public boolean next() throws IOException {
    if (pos >= end) {
      return false;
    }
    lineOffset = pos;
    int longLen = 0;
    while (true) {
      if (bufPos == bufLen && !fill()) {
        if (longLen == 0) {
          return false; // nothing after the last '\n'
        }
        finishLine(longLine, 0, longLen);
        return true;
      }
      int nl = indexOfNewline(buf, bufPos, bufLen);
      if (nl >= 0) {
        int len = nl - bufPos;
        if (longLen == 0) {
          finishLine(buf, bufPos, len);
        } else {
          longLine = append(longLine, longLen, buf, bufPos, len);
          finishLine(longLine, 0, longLen + len);
        }
        consume(len + 1);
        return true;
      }
      int len = bufLen - bufPos;
      longLine = append(longLine, longLen, buf, bufPos, len);
      longLen += len;
      consume(len);
    }
  }

  public long offset() {
    return lineOffset;
  }

  public String line() {
    return line;
  }

  /** Bytes consumed by the lines returned so far, terminators included. */
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void finishLine(byte[] src, int off, int len) {
    if (len > 0 && src[off + len - 1] == '\r') {
      len--;
    }
    line = new String(src, off, len, StandardCharsets.UTF_8);
  }

  private void skipPastNewline() throws IOException {
    while (bufPos < bufLen || fill()) {
      int nl = indexOfNewline(buf, bufPos, bufLen);
      if (nl >= 0) {
        int skipped = nl + 1 - bufPos;
        bufPos += skipped;
        pos += skipped;
        return;
      }
      pos += bufLen - bufPos;
      bufPos = bufLen;
    }
  }

  private void consume(int n) {
    bufPos += n;
    pos += n;
    bytesRead += n;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    wrapped.clear();
    int n;
    do {
      n = channel.read(wrapped);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      bufPos = bufLen = 0;
      return false;
    }
    bufPos = 0;
    bufLen = n;
    return true;
  }

  private static int indexOfNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static byte[] append(byte[] dst, int dstLen, byte[] src, int off, int len) {
    if (dstLen + len > dst.length) {
      dst = Arrays.copyOf(dst, Math.max(dstLen + len, dst.length * 2));
    }
    System.arraycopy(src, off, dst, dstLen, len);
    return dst;
  }
}
