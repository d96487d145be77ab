package dev.mapreduce.formats;

import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.format.RecordReader;
import dev.mapreduce.core.format.Split;
import dev.mapreduce.core.format.TextLines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * {@link TextLines} that also reads bzip2-compressed text. A file named {@code *.bz2} is
 * decompressed and read whole by one map task (this format does not enter a bzip2 stream in the
 * middle), its lines found by the same rules as {@link TextLines}: a line ends at '\n', a '\r'
 * before it is removed, the text is UTF-8. The key is the byte offset where the line starts in the
 * uncompressed text; a file of several concatenated bzip2 streams (as {@code pbzip2} writes) is
 * read to its end. Every other file is left to {@link TextLines}: plain text split at any byte,
 * gzip read whole, other compressions refused.
 *
 * <p>A file named {@code *.bz2} that does not start with bzip2's signature is refused before the
 * job starts.
 */
public final class Bzip2TextLines implements InputFormat<Long, String> {
  private static final int BUFFER = 64 * 1024;

  private final TextLines text = new TextLines();

  @Override
  public boolean splittable(Path file) {
    return !bzip2(file) && text.splittable(file);
  }

  @Override
  public void check(Path file) throws IOException {
    if (!bzip2(file)) {
      text.check(file);
      return;
    }
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n > 0 && !BZip2CompressorInputStream.matches(head, n)) {
      throw new IOException(
          "input file "
              + file
              + " is named *.bz2 but is not bzip2 data (it does not start with \"BZh\"):"
              + " rename or recompress it");
    }
  }

  @Override
  public RecordReader<Long, String> open(Split split) throws IOException {
    Path file = split.file();
    if (!bzip2(file)) {
      return text.open(split);
    }
    if (!split.wholeFile()) {
      throw new IOException("a bzip2 file is read whole, not from the middle: " + split);
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      if (Files.size(file) == 0) {
        return new StreamLines(in); // nothing to decompress: no lines
      }
      return new StreamLines(new BZip2CompressorInputStream(in, true));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw new IOException("cannot read bzip2 file " + file + ": " + e.getMessage(), e);
    }
  }

  static boolean bzip2(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bz2");
  }
}
