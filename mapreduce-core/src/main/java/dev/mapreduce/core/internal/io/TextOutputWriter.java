package dev.mapreduce.core.internal.io;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes reduce output as UTF-8 lines {@code key<TAB>value} (just {@code key} for a null value).
 */
public final class TextOutputWriter implements Closeable {
  private final BufferedWriter out;
  private long records;

  public TextOutputWriter(Path file) throws IOException {
    // Only the attempt's own directory is created: if the job's _temporary directory is gone (the
    // job committed or failed), a late attempt fails here instead of leaving files in the output.
    // The file must be new: an attempt never writes into a file it did not create.
    if (!Files.isDirectory(file.getParent())) {
      Files.createDirectory(file.getParent());
    }
    this.out =
        new BufferedWriter(
            new OutputStreamWriter(
                Files.newOutputStream(
                    file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                StandardCharsets.UTF_8),
            64 * 1024);
  }

  public void write(Object key, Object value) throws IOException {
    out.write(String.valueOf(key));
    if (value != null) {
      out.write('\t');
      out.write(value.toString());
    }
    out.write('\n');
    records++;
  }

  public long records() {
    return records;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
