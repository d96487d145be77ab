package dev.mapreduce.core.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The default output: one UTF-8 line per record, {@code key<TAB>value}, or just {@code key} when
 * the value is null; keys and values are written with {@code toString()}, unescaped (as Hadoop's
 * text output does): a key holding a tab, or a key or value holding a line break, does not read
 * back as one record.
 */
public class TextOutput implements OutputFormat<Object, Object> {
  private static final int BUFFER = 64 * 1024;

  @Override
  public RecordWriter<Object, Object> open(OutputStream out) throws IOException {
    return new Lines(
        new BufferedWriter(new OutputStreamWriter(wrap(out), StandardCharsets.UTF_8), BUFFER));
  }

  /** The stream the text goes through: the file itself here, a compressor in a subclass. */
  protected OutputStream wrap(OutputStream file) throws IOException {
    return file;
  }

  private static final class Lines implements RecordWriter<Object, Object> {
    private final Writer out;

    Lines(Writer out) {
      this.out = out;
    }

    @Override
    public void write(Object key, Object value) throws IOException {
      out.write(String.valueOf(key));
      if (value != null) {
        out.write('\t');
        out.write(value.toString());
      }
      out.write('\n');
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
