package dev.mapreduce.core.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One record per file: the key is the file's absolute path, the value its whole content. For inputs
 * that only make sense whole (images, documents, small JSON files). A file is held in memory while
 * it is mapped, so files over {@value #MAX_FILE_BYTES} bytes are refused before the job starts.
 */
public final class WholeFiles implements InputFormat<Path, byte[]> {
  /** Larger files would not fit a Java array, or would crowd a worker's heap. */
  public static final long MAX_FILE_BYTES = 512L << 20;

  @Override
  public boolean splittable(Path file) {
    return false;
  }

  @Override
  public void check(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IOException(
          "input file "
              + file
              + " has "
              + size
              + " bytes; WholeFiles reads files of at most "
              + MAX_FILE_BYTES
              + " bytes");
    }
  }

  @Override
  public RecordReader<Path, byte[]> open(Split split) {
    return new RecordReader<>() {
      private byte[] content;
      private boolean done;

      @Override
      public boolean next() throws IOException {
        if (done) {
          return false;
        }
        done = true;
        content = Files.readAllBytes(split.file());
        return true;
      }

      @Override
      public Path key() {
        return split.file().toAbsolutePath();
      }

      @Override
      public byte[] value() {
        return content;
      }

      @Override
      public long bytesRead() {
        return content == null ? 0 : content.length;
      }

      @Override
      public void close() {}
    };
  }
}
