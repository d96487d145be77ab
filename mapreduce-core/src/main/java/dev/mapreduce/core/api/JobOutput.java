package dev.mapreduce.core.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads a committed job output back: for tests and for chaining jobs. */
public final class JobOutput {
  private JobOutput() {}

  /**
   * Every line of every {@code part-r-NNNNN} (gzip-compressed ones, {@code part-r-NNNNN.gz},
   * decompressed), in partition order. Refuses uncommitted output.
   */
  public static List<String> lines(Path output) throws IOException {
    if (!Files.exists(output.resolve("_SUCCESS"))) {
      throw new IOException("No _SUCCESS in " + output + ": the job did not commit this output");
    }
    List<Path> parts = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(output, "part-r-*")) {
      s.forEach(parts::add);
    }
    parts.sort(null);
    List<String> lines = new ArrayList<>();
    for (Path p : parts) {
      // Part files written by GzipTextOutput are named *.gz; every other format here is text.
      try (InputStream in =
          p.getFileName().toString().endsWith(".gz")
              ? new GZIPInputStream(Files.newInputStream(p))
              : Files.newInputStream(p)) {
        splitLines(new String(in.readAllBytes(), StandardCharsets.UTF_8), lines);
      }
    }
    return lines;
  }

  /**
   * Lines end at '\n' only, and a '\r' before it is dropped: the rules by which the engine reads
   * text ({@code TextLines}, {@code KeyValueLines}), so a value holding a lone '\r' reads back as
   * one line here too.
   */
  private static void splitLines(String text, List<String> out) {
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      out.add(text.substring(start, stop));
      start = end + 1;
    }
  }

  /** Each line split at its first tab into (key, value); a line without a tab has value "". */
  public static List<Map.Entry<String, String>> records(Path output) throws IOException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String line : lines(output)) {
      int tab = line.indexOf('\t');
      out.add(
          tab < 0
              ? Map.entry(line, "")
              : Map.entry(line.substring(0, tab), line.substring(tab + 1)));
    }
    return out;
  }
}
