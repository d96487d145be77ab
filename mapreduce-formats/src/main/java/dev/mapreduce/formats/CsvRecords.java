package dev.mapreduce.formats;

import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.format.RecordReader;
import dev.mapreduce.core.format.Split;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Records of a CSV file as defined by RFC 4180: fields separated by commas, a field in double
 * quotes may hold commas, line breaks and doubled quotes ({@code ""} for one {@code "}). Lines end
 * in {@code \r\n} or {@code \n}; the text is UTF-8 (a leading byte order mark is skipped); empty
 * lines between records are skipped. A file named {@code *.gz} is gzip-compressed CSV.
 *
 * <p><b>Not splittable</b>: each file is read whole by one map task, whatever its size and the
 * job's split size. A reader starting in the middle of a file cannot tell whether it is inside a
 * quoted field (which may span lines), so it cannot find where the next record starts. To spread a
 * large CSV over several map tasks, give the job several files.
 *
 * <p>The key is the record's number within its file, counting from 0; a header line is not treated
 * specially, so it is record 0 and the mapper decides what to do with it. The value is the record's
 * fields as an unmodifiable list of strings (a quoted empty field and an unquoted one are both
 * {@code ""}). A malformed record, such as a quote that is never closed or text after a closing
 * quote, fails the map task with an {@link IOException} naming the file, the record number and the
 * line it starts on.
 */
public final class CsvRecords implements InputFormat<Long, List<String>> {
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
  private static final int BUFFER = 64 * 1024;

  @Override
  public boolean splittable(Path file) {
    return false;
  }

  @Override
  public RecordReader<Long, List<String>> open(Split split) throws IOException {
    Path file = split.file();
    if (!split.wholeFile()) {
      throw new IOException("a CSV file is read whole, not from the middle: " + split);
    }
    CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
    try {
      InputStream in =
          file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                  && Files.size(file) > 0 // an empty file has no gzip header
              ? new GZIPInputStream(counted, BUFFER)
              : counted;
      BufferedReader text =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
      text.mark(1);
      if (text.read() != '\uFEFF') {
        text.reset();
      }
      return new Records(file, FORMAT.parse(text), counted);
    } catch (IOException | RuntimeException e) {
      counted.close();
      throw new IOException("cannot read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private static final class Records implements RecordReader<Long, List<String>> {
    private final Path file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CountingInputStream counted;
    private long number = -1;
    private List<String> fields;

    Records(Path file, CSVParser parser, CountingInputStream counted) {
      this.file = file;
      this.parser = parser;
      this.records = parser.iterator();
      this.counted = counted;
    }

    @Override
    public boolean next() throws IOException {
      long startLine = parser.getCurrentLineNumber() + 1;
      CSVRecord record;
      try {
        if (!records.hasNext()) {
          return false;
        }
        record = records.next();
      } catch (UncheckedIOException e) {
        IOException cause = e.getCause();
        throw new IOException(
            "malformed CSV in "
                + file
                + ": record "
                + (number + 1)
                + " (starting on line "
                + startLine
                + "): "
                + cause.getMessage(),
            cause);
      }
      number++;
      fields = List.copyOf(record.toList());
      return true;
    }

    @Override
    public Long key() {
      return number;
    }

    @Override
    public List<String> value() {
      return fields;
    }

    @Override
    public long bytesRead() {
      return counted.count();
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }
}
