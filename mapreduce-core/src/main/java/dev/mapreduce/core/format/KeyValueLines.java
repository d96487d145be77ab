package dev.mapreduce.core.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Lines of {@code key<TAB>value}, as {@link TextOutput} writes them, read back as (key, value): the
 * key is the text before the line's first tab, the value the rest (empty for a line without a tab),
 * as {@code JobOutput.records} reads a committed output. It lets a job read an earlier job's output
 * with typed parameters instead of parsing lines, e.g. the next stage of a {@code Pipeline}.
 * Splitting, gzip and the checks are {@link TextLines}'s.
 *
 * <p>Text output escapes nothing, so the round trip is exact only for keys without a tab and keys
 * and values without a line break ('\n'); other data needs its own encoding before it is emitted.
 */
public final class KeyValueLines implements InputFormat<String, String> {
  private final TextLines lines = new TextLines();

  @Override
  public boolean splittable(Path file) {
    return lines.splittable(file);
  }

  @Override
  public void check(Path file) throws IOException {
    lines.check(file);
  }

  @Override
  public RecordReader<String, String> open(Split split) throws IOException {
    return new Pairs(lines.open(split));
  }

  /** Cuts each line of the underlying reader at its first tab. */
  private static final class Pairs implements RecordReader<String, String> {
    private final RecordReader<Long, String> lines;
    private String key;
    private String value;

    Pairs(RecordReader<Long, String> lines) {
      this.lines = lines;
    }

    @Override
    public boolean next() throws IOException {
      if (!lines.next()) {
        return false;
      }
      String line = lines.value();
      int tab = line.indexOf('\t');
      key = tab < 0 ? line : line.substring(0, tab);
      value = tab < 0 ? "" : line.substring(tab + 1);
      return true;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public String value() {
      return value;
    }

    @Override
    public long bytesRead() {
      return lines.bytesRead();
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }
}
