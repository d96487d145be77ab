package dev.mapreduce.core.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A map task's output on local disk: R sorted runs back to back; {@code offsets[p]} to {@code
 * offsets[p + 1]} is partition p.
 */
public record MapOutputFile(Path path, long[] offsets) {
  public int partitions() {
    return offsets.length - 1;
  }

  public long partitionLength(int p) {
    return offsets[p + 1] - offsets[p];
  }

  public InputStream openPartition(int p) throws IOException {
    return openSegment(path, offsets[p], partitionLength(p));
  }

  static InputStream openSegment(Path file, long offset, long length) throws IOException {
    return new SegmentInputStream(file, offset, length);
  }

  /** Reads up to {@code max} bytes of partition p starting {@code from} bytes into it. */
  public byte[] readChunk(int p, long from, int max) throws IOException {
    long remaining = partitionLength(p) - from;
    if (remaining < 0) {
      throw new IOException("offset " + from + " beyond partition " + p + " of " + path);
    }
    int n = (int) Math.min(max, remaining);
    byte[] out = new byte[n];
    try (SeekableByteChannel ch = Files.newByteChannel(path)) {
      ch.position(offsets[p] + from);
      ByteBuffer bb = ByteBuffer.wrap(out);
      while (bb.hasRemaining()) {
        if (ch.read(bb) < 0) {
          throw new IOException("map output " + path + " is shorter than its index says");
        }
      }
    }
    return out;
  }
}
