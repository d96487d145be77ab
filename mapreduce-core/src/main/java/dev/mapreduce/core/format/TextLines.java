package dev.mapreduce.core.format;

import dev.mapreduce.core.internal.io.SplitLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Lines of UTF-8 text, the default input format: the key is the byte offset where the line starts,
 * the value the line without its terminator ('\n', or "\r\n"). Plain files are cut into splits at
 * any byte and every line is read exactly once by the split it starts in. A file named {@code *.gz}
 * is gzip-compressed text, read whole by one map task because a gzip stream cannot be entered in
 * the middle (its keys are offsets in the uncompressed text). Files compressed otherwise are
 * refused before the job starts rather than read as garbage.
 */
public final class TextLines implements InputFormat<Long, String> {
  private static final int GZIP_BUFFER = 64 * 1024;

  @Override
  public boolean splittable(Path file) {
    return !gzipped(file);
  }

  @Override
  public void check(Path file) throws IOException {
    String unsupported = Compression.unsupportedByName(file);
    if (unsupported != null) {
      throw new IOException(
          "input file "
              + file
              + " is "
              + unsupported
              + "-compressed (by its name); TextLines reads plain text and gzip (*.gz):"
              + " decompress it first");
    }
    boolean magic = Compression.startsWithGzipMagic(file);
    if (gzipped(file) && !magic && Files.size(file) > 0) {
      throw new IOException("input file " + file + " is named *.gz but is not gzip data");
    }
    if (!gzipped(file) && magic) {
      throw new IOException(
          "input file " + file + " holds gzip data but is not named *.gz: rename it to be read");
    }
  }

  @Override
  public RecordReader<Long, String> open(Split split) throws IOException {
    if (gzipped(split.file())) {
      if (!split.wholeFile()) {
        throw new IOException("a gzip file cannot be read from the middle: " + split);
      }
      if (Files.size(split.file()) == 0) {
        return new Lines(new SplitLineReader(split.file(), 0, 0), split.file()); // no gzip header
      }
      InputStream in = Files.newInputStream(split.file());
      try {
        return new Lines(
            new SplitLineReader(Channels.newChannel(new GZIPInputStream(in, GZIP_BUFFER))),
            split.file());
      } catch (IOException e) {
        in.close();
        throw new IOException("cannot read gzip file " + split.file() + ": " + e, e);
      } catch (RuntimeException e) {
        in.close();
        throw e;
      }
    }
    return new Lines(
        new SplitLineReader(split.file(), split.start(), split.length()), split.file());
  }

  static boolean gzipped(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  /**
   * The line reader seen through the record reader interface. A read error names the file: a
   * corrupt gzip stream's own message ("Unexpected end of ZLIB input stream") does not.
   */
  private static final class Lines implements RecordReader<Long, String> {
    private final SplitLineReader reader;
    private final Path file;

    Lines(SplitLineReader reader, Path file) {
      this.reader = reader;
      this.file = file;
    }

    @Override
    public boolean next() throws IOException {
      try {
        return reader.next();
      } catch (IOException e) {
        throw new IOException("cannot read " + file + ": " + e, e);
      }
    }

    @Override
    public Long key() {
      return reader.offset();
    }

    @Override
    public String value() {
      return reader.line();
    }

    @Override
    public long bytesRead() {
      return reader.bytesRead();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
