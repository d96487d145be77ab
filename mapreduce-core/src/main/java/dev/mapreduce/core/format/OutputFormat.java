package dev.mapreduce.core.format;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a reduce task's records into its part file. The engine opens the file (in the attempt's
 * own directory, committed by rename only when the attempt wins), so a format only turns records
 * into bytes. Implementations need a public no-argument constructor.
 */
public interface OutputFormat<K, V> {
  /** Appended to each part file's name ({@code part-r-00000.gz}); empty by default. */
  default String extension() {
    return "";
  }

  /** A writer over the part file's stream; closing the writer closes the stream. */
  RecordWriter<K, V> open(OutputStream out) throws IOException;
}
