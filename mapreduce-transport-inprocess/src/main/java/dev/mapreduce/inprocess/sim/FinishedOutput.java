package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.internal.io.OutputCommitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The checks on a finished job's output directory: what a committed job must have published, and
 * what a failed one must not claim ({@link Invariant#OUTPUT_MATCHES_REFERENCE}, {@link
 * Invariant#COUNTERS_COUNT_ONCE}, and the "nothing else" half of {@link
 * Invariant#COMMITTED_OUTPUT_KEPT}).
 */
final class FinishedOutput {
  /**
   * How a job's failure reason starts when its commit began but {@code _SUCCESS} could not be
   * written.
   */
  static final String SUCCESS_WRITE_FAILURE = "Could not write " + OutputCommitter.SUCCESS;

  private final Path output;
  private final long inputLines;
  private final Optional<Map<String, String>> reference;

  FinishedOutput(Path output, long inputLines, Optional<Map<String, String>> reference) {
    this.output = output;
    this.inputLines = inputLines;
    this.reference = reference;
  }

  Optional<Problem> committed(JobResult result, int reduceTasks) {
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < reduceTasks; i++) {
      expected.add(OutputCommitter.partName(i));
    }
    expected.add(OutputCommitter.SUCCESS);
    Set<String> present = list();
    if (!present.equals(expected)) {
      // A missing _SUCCESS or part breaks the output; anything extra (a _temporary a late attempt
      // re-created, a stray temporary file) means something wrote into a finished output.
      return Optional.of(
          new Problem(
              present.contains(OutputCommitter.SUCCESS)
                  ? Invariant.COMMITTED_OUTPUT_KEPT
                  : Invariant.OUTPUT_MATCHES_REFERENCE,
              "the committed output holds " + present + ", expected exactly " + expected));
    }
    Map<String, String> actual = new TreeMap<>();
    for (int i = 0; i < reduceTasks; i++) {
      for (String line : lines(output.resolve(OutputCommitter.partName(i)))) {
        int tab = line.indexOf('\t');
        String key = tab < 0 ? line : line.substring(0, tab);
        String value = tab < 0 ? "" : line.substring(tab + 1);
        if (actual.put(key, value) != null) {
          return Optional.of(
              new Problem(Invariant.OUTPUT_MATCHES_REFERENCE, "key '" + key + "' is output twice"));
        }
      }
    }
    if (reference.isPresent() && !actual.equals(reference.get())) {
      return Optional.of(
          new Problem(Invariant.OUTPUT_MATCHES_REFERENCE, difference(reference.get(), actual)));
    }
    // Absent when no map ran (an empty input): that job read 0 records.
    long inputRecords = result.findCounter(Counters.MAP_INPUT_RECORDS).orElse(0);
    if (inputRecords != inputLines) {
      return Optional.of(
          new Problem(
              Invariant.COUNTERS_COUNT_ONCE,
              Counters.MAP_INPUT_RECORDS
                  + " = "
                  + inputRecords
                  + " but the input has "
                  + inputLines
                  + " lines"));
    }
    long outputRecords = result.findCounter(Counters.REDUCE_OUTPUT_RECORDS).orElse(0);
    long keys = reference.map(Map::size).orElse(actual.size());
    if (outputRecords != keys || outputRecords != actual.size()) {
      return Optional.of(
          new Problem(
              Invariant.COUNTERS_COUNT_ONCE,
              Counters.REDUCE_OUTPUT_RECORDS
                  + " = "
                  + outputRecords
                  + " but the reference has "
                  + keys
                  + " keys and the output "
                  + actual.size()
                  + " lines"));
    }
    return Optional.empty();
  }

  /**
   * A failed job claims nothing: no {@code _SUCCESS}; and unless it failed while writing {@code
   * _SUCCESS} (its parts are final by then and stay), it leaves an empty output directory.
   */
  Optional<Problem> failed(String reason) {
    Set<String> present = list();
    if (present.contains(OutputCommitter.SUCCESS)) {
      return Optional.of(
          new Problem(
              Invariant.OUTPUT_MATCHES_REFERENCE,
              "the job failed but " + OutputCommitter.SUCCESS + " exists"));
    }
    if (!reason.startsWith(SUCCESS_WRITE_FAILURE) && !present.isEmpty()) {
      return Optional.of(
          new Problem(Invariant.COMMITTED_OUTPUT_KEPT, "the failed job left " + present));
    }
    return Optional.empty();
  }

  private Set<String> list() {
    if (!Files.isDirectory(output)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(output)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path part) {
    try {
      return Files.readAllLines(part, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first few keys that differ, so a report says what was lost, added or wrong. */
  private static String difference(Map<String, String> expected, Map<String, String> actual) {
    StringBuilder b = new StringBuilder("the output differs from the reference:");
    int shown = 0;
    Set<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String k : keys) {
      String e = expected.get(k);
      String a = actual.get(k);
      if (!Objects.equals(e, a) && shown++ < 5) {
        b.append(' ')
            .append(k)
            .append(": expected ")
            .append(e)
            .append(", got ")
            .append(a)
            .append(';');
      }
    }
    return b.toString();
  }
}
