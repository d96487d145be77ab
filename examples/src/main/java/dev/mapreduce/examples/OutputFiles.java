package dev.mapreduce.examples;

import dev.mapreduce.core.api.JobOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a job's committed {@code part-r-*} files. */
public final class OutputFiles {
  private OutputFiles() {}

  /** Every output line, part file by part file. */
  public static List<String> lines(Path output) throws IOException {
    return JobOutput.lines(output);
  }

  /** {@code key<TAB>count} lines as a map. */
  public static Map<String, Long> counts(Path output) throws IOException {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String line : lines(output)) {
      int tab = line.indexOf('\t');
      m.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
    }
    return m;
  }

  public static List<Map.Entry<String, Long>> topByCount(Path output, int n) throws IOException {
    return counts(output).entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .toList();
  }
}
