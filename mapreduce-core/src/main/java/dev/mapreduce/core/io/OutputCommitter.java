package dev.mapreduce.core.io;

import dev.mapreduce.core.api.InvalidJobException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The output directory's commit protocol. Attempts write under {@code OUTPUT/_temporary/ATTEMPT/};
 * the coordinator commits exactly one attempt per reduce task by an atomic rename to {@code
 * OUTPUT/part-r-NNNNN}, and writes {@code _SUCCESS} last, so a reader that sees {@code _SUCCESS}
 * sees every part and no partial one. A failed job's files are removed.
 */
public final class OutputCommitter {
  public static final String TEMPORARY = "_temporary";
  public static final String SUCCESS = "_SUCCESS";

  private final Path output;

  public OutputCommitter(Path output) {
    this.output = output;
  }

  public static String partName(int partition) {
    return String.format("part-r-%05d", partition);
  }

  /** Where an attempt of reduce task {@code partition} writes. */
  public static Path attemptFile(Path output, String attemptId, int partition) {
    return output.resolve(TEMPORARY).resolve(attemptId).resolve(partName(partition));
  }

  /** Refuses an output directory that exists and is not empty; creates it otherwise. */
  public void setUpJob() {
    if (Files.exists(output)) {
      if (!Files.isDirectory(output)) {
        throw new InvalidJobException("Output path exists and is not a directory: " + output);
      }
      try (Stream<Path> entries = Files.list(output)) {
        if (entries.findAny().isPresent()) {
          throw new InvalidJobException(
              "Output directory is not empty: " + output + " (remove it or choose another)");
        }
      } catch (IOException e) {
        throw new InvalidJobException("Cannot read output directory " + output + ": " + e, e);
      }
    }
    try {
      Files.createDirectories(output.resolve(TEMPORARY));
    } catch (IOException e) {
      throw new InvalidJobException("Cannot create output directory " + output + ": " + e, e);
    }
  }

  /**
   * Publishes an attempt's output as the task's part file. Returns false if the attempt's file is
   * missing (the attempt is then treated as failed).
   */
  public boolean commitTask(String attemptId, int partition) throws IOException {
    Path from = attemptFile(output, attemptId, partition);
    Path to = output.resolve(partName(partition));
    try {
      move(from, to);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Removes the temporary area and writes {@code _SUCCESS} with the job summary. */
  public void commitJob(String summaryJson) throws IOException {
    deleteRecursively(output.resolve(TEMPORARY));
    Path tmp = output.resolve("._SUCCESS.tmp");
    Files.writeString(tmp, summaryJson, StandardCharsets.UTF_8);
    move(tmp, output.resolve(SUCCESS));
  }

  /** Removes everything the job wrote: no output that could look complete is left behind. */
  public void abortJob() throws IOException {
    deleteRecursively(output.resolve(TEMPORARY));
    if (!Files.isDirectory(output)) {
      return;
    }
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(output, "part-r-*")) {
      for (Path p : parts) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
