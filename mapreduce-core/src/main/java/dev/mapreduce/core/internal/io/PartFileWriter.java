package dev.mapreduce.core.internal.io;

import dev.mapreduce.core.format.OutputFormat;
import dev.mapreduce.core.format.RecordWriter;
import dev.mapreduce.core.format.TextOutput;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a reduce attempt's part file through the job's {@link OutputFormat}, counting records. The
 * engine, not the format, opens the file, so every format keeps the commit protocol's rules.
 */
public final class PartFileWriter implements Closeable {
  private final RecordWriter<Object, Object> out;
  private long records;

  public PartFileWriter(Path file) throws IOException {
    this(file, new TextOutput());
  }

  public PartFileWriter(Path file, OutputFormat<Object, Object> format) throws IOException {
    // Only the attempt's own directory is created: if the job's _temporary directory is gone (the
    // job committed or failed), a late attempt fails here instead of leaving files in the output.
    // The file must be new: an attempt never writes into a file it did not create.
    if (!Files.isDirectory(file.getParent())) {
      Files.createDirectory(file.getParent());
    }
    OutputStream stream =
        Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      this.out = format.open(stream);
    } catch (IOException | RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  public void write(Object key, Object value) throws IOException {
    out.write(key, value);
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
