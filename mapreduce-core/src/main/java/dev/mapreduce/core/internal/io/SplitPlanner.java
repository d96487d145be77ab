package dev.mapreduce.core.internal.io;

import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.format.TextLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns input paths into splits of at most {@code splitSize} bytes. Directories are read
 * recursively in name order; names starting with '_' or '.' are skipped (like Hadoop, so a job's
 * own output directory can be an input). Empty files give no split.
 */
public final class SplitPlanner {
  private SplitPlanner() {}

  /** The job's splits: its files' (checked by its input format), then its in-memory lines'. */
  public static List<InputSplit> plan(Job job) {
    List<InputSplit> splits = plan(job.inputs(), job.splitSize(), job.newInputFormat());
    splits.addAll(planLines(job.inputLines(), job.splitSize()));
    return splits;
  }

  public static List<InputSplit> plan(List<Path> inputs, long splitSize) {
    return plan(inputs, splitSize, new TextLines());
  }

  static List<InputSplit> plan(List<Path> inputs, long splitSize, InputFormat<?, ?> format) {
    List<InputSplit> splits = new ArrayList<>();
    for (Path input : inputs) {
      for (Path file : expand(input)) {
        long size;
        try {
          size = Files.size(file);
          format.check(file);
        } catch (IOException e) {
          throw new InvalidJobException(
              "Cannot read input file " + file + ": " + e.getMessage(), e);
        }
        // A file that must be read whole is one split, whatever its size, even empty: a format
        // that reads whole files (WholeFiles) gives an empty file its record too.
        if (!format.splittable(file)) {
          splits.add(new InputSplit(file.toString(), 0, size));
          continue;
        }
        for (long start = 0; start < size; start += splitSize) {
          splits.add(new InputSplit(file.toString(), start, Math.min(splitSize, size - start)));
        }
      }
    }
    return splits;
  }

  /** In-memory lines cut into splits of about {@code splitSize} characters, at least one line. */
  static List<InputSplit> planLines(List<String> lines, long splitSize) {
    List<InputSplit> splits = new ArrayList<>();
    int first = 0;
    long chars = 0;
    for (int i = 0; i < lines.size(); i++) {
      chars += lines.get(i).length() + 1;
      if (chars >= splitSize || i == lines.size() - 1) {
        splits.add(InputSplit.inMemory(first, i + 1 - first));
        first = i + 1;
        chars = 0;
      }
    }
    return splits;
  }

  /** Every regular file under the inputs, checked for readability. */
  public static List<Path> expand(Path input) {
    if (!Files.exists(input)) {
      throw new InvalidJobException("Input path does not exist: " + input);
    }
    if (!Files.isReadable(input)) {
      throw new InvalidJobException("Input path is not readable: " + input);
    }
    if (Files.isRegularFile(input)) {
      return List.of(input);
    }
    if (!Files.isDirectory(input)) {
      throw new InvalidJobException("Input path is neither a file nor a directory: " + input);
    }
    try (Stream<Path> walk = Files.walk(input)) {
      List<Path> files =
          walk.filter(p -> !p.equals(input))
              .filter(p -> !hiddenBelow(input, p))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
      for (Path f : files) {
        if (!Files.isReadable(f)) {
          throw new InvalidJobException("Input file is not readable: " + f);
        }
      }
      return files;
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidJobException("Cannot list input directory " + input + ": " + e, e);
    }
  }

  private static boolean hiddenBelow(Path root, Path p) {
    for (Path part : root.relativize(p)) {
      String n = part.toString();
      if (n.startsWith("_") || n.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
