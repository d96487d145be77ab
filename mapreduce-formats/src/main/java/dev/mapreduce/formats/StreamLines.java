package dev.mapreduce.formats;

import dev.mapreduce.core.format.RecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a stream read from its start, by the rules of {@code TextLines}: a line ends at
 * '\n', a '\r' before it is removed, text after the last '\n' is a last line if not empty, and
 * invalid UTF-8 becomes U+FFFD. The key is the byte offset where the line starts in the stream.
 */
final class StreamLines implements RecordReader<Long, String> {
  private static final int BUFFER = 64 * 1024;

  private final InputStream in;
  private final byte[] buf = new byte[BUFFER];
  private int bufPos;
  private int bufLen;
  private long pos; // stream offset of buf[bufPos]
  private byte[] line = new byte[256];
  private long offset;
  private String value;

  StreamLines(InputStream in) {
    this.in = in;
  }

  @Override
  public boolean next() throws IOException {
    offset = pos;
    int len = 0;
    while (true) {
      if (bufPos == bufLen) {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
          if (len == 0) {
            return false;
          }
          value = decode(line, len);
          return true;
        }
        bufPos = 0;
        bufLen = n;
      }
      int nl = bufPos;
      while (nl < bufLen && buf[nl] != '\n') {
        nl++;
      }
      int take = nl - bufPos;
      if (len + take > line.length) {
        line = Arrays.copyOf(line, Math.max(len + take, 2 * line.length));
      }
      System.arraycopy(buf, bufPos, line, len, take);
      len += take;
      pos += take;
      bufPos = nl;
      if (nl < bufLen) {
        bufPos++; // the '\n'
        pos++;
        value = decode(line, len);
        return true;
      }
    }
  }

  private static String decode(byte[] bytes, int len) {
    if (len > 0 && bytes[len - 1] == '\r') {
      len--;
    }
    return new String(bytes, 0, len, StandardCharsets.UTF_8);
  }

  @Override
  public Long key() {
    return offset;
  }

  @Override
  public String value() {
    return value;
  }

  @Override
  public long bytesRead() {
    return pos;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
