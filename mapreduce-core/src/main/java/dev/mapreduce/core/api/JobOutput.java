package dev.mapreduce.core.api;

import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.format.KeyValueLines;
import dev.mapreduce.core.format.RecordReader;
import dev.mapreduce.core.format.Split;
import dev.mapreduce.core.format.TextLines;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Reads a committed job output back: for tests and for chaining jobs. */
public final class JobOutput {
  private JobOutput() {}

  /**
   * Every line of every {@code part-r-NNNNN} (gzip-compressed ones, {@code part-r-NNNNN.gz},
   * decompressed), in partition order, read by the rules the engine reads text with ({@link
   * TextLines}). Refuses uncommitted output.
   */
  public static List<String> lines(Path output) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path part : committedParts(output)) {
      readAll(new TextLines(), part, (offset, line) -> lines.add(line));
    }
    return lines;
  }

  /**
   * Each line split at its first tab into (key, value), as {@link KeyValueLines} reads it; a line
   * without a tab has value "".
   */
  public static List<Map.Entry<String, String>> records(Path output) throws IOException {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (Path part : committedParts(output)) {
      readAll(new KeyValueLines(), part, (k, v) -> records.add(Map.entry(k, v)));
    }
    return records;
  }

  private static List<Path> committedParts(Path output) throws IOException {
    if (!Files.exists(output.resolve("_SUCCESS"))) {
      throw new IOException("No _SUCCESS in " + output + ": the job did not commit this output");
    }
    List<Path> parts = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(output, "part-r-*")) {
      s.forEach(parts::add);
    }
    parts.sort(null);
    return parts;
  }

  private static <K, V> void readAll(InputFormat<K, V> format, Path part, BiConsumer<K, V> sink)
      throws IOException {
    try (RecordReader<K, V> r = format.open(new Split(part, 0, Files.size(part)))) {
      while (r.next()) {
        sink.accept(r.key(), r.value());
      }
    }
  }
}
