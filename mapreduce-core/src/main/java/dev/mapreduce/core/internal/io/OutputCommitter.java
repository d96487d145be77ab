package dev.mapreduce.core.internal.io;

import dev.mapreduce.core.api.InvalidJobException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output directory's commit protocol. Attempts write under {@code OUTPUT/_temporary/ATTEMPT/};
 * the coordinator commits exactly one attempt per reduce task by an atomic rename to {@code
 * OUTPUT/part-r-NNNNN}, and writes {@code _SUCCESS} last, so a reader that sees {@code _SUCCESS}
 * sees every part and no partial one. A failed job's files are removed. Used on one thread (the
 * coordinator's loop).
 */
public final class OutputCommitter {
  public static final String TEMPORARY = "_temporary";
  public static final String SUCCESS = "_SUCCESS";

  private static final Logger log = LoggerFactory.getLogger(OutputCommitter.class);

  private final Path output;
  private final DiskFaults faults;
  private final String extension;
  private boolean jobCommitStarted;
  private boolean createdOutput;

  public OutputCommitter(Path output) {
    this(output, DiskFaults.NONE);
  }

  public OutputCommitter(Path output, DiskFaults faults) {
    this(output, faults, "");
  }

  /**
   * @param extension appended to committed part names by the job's output format, e.g. ".gz"
   */
  public OutputCommitter(Path output, DiskFaults faults, String extension) {
    if (!extension.matches("[A-Za-z0-9._-]{0,16}")) {
      throw new InvalidJobException(
          "An output format's extension must be up to 16 letters, digits, '.', '_' or '-', got '"
              + extension
              + "'");
    }
    this.extension = extension;
    this.output = output;
    this.faults = faults;
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
      createdOutput = !Files.exists(output);
      Files.createDirectories(output.resolve(TEMPORARY));
    } catch (IOException e) {
      throw new InvalidJobException("Cannot create output directory " + output + ": " + e, e);
    }
  }

  /**
   * Undoes {@link #setUpJob} for a job that never ran (its coordinator could not start): removes
   * {@code _temporary}, and the output directory if set-up created it and it is empty, so a rerun
   * is not refused as "not empty". Best effort.
   */
  public void undoSetUp() {
    FileTrees.deleteQuietly(output.resolve(TEMPORARY));
    if (createdOutput) {
      try {
        Files.deleteIfExists(output);
      } catch (IOException e) {
        log.debug("left {} in place: {}", output, e.toString());
      }
    }
  }

  /**
   * Publishes an attempt's output as the task's part file. Returns false if the attempt's file is
   * missing (the attempt is then treated as failed). Refused once the job is committed: a finished
   * output never changes.
   */
  public boolean commitTask(String attemptId, int partition) throws IOException {
    if (jobCommitStarted) {
      throw new IllegalStateException(
          "attempt " + attemptId + " cannot commit: the job's output is already committed");
    }
    Path from = attemptFile(output, attemptId, partition);
    Path to = output.resolve(partName(partition) + extension);
    faults.before(DiskFaults.Op.COMMIT_RENAME, "coordinator", to);
    try {
      move(from, to);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * Retires the temporary area and writes {@code _SUCCESS} with the job summary. From here on no
   * part is ever deleted, not even by {@link #abortJob}. {@code _temporary} is first renamed away
   * in one step, so a late attempt can no longer create its directory under it (its parent is
   * gone); deleting the renamed tree is best effort, because a late attempt may still be writing
   * into it, or an NFS client may hold a {@code .nfsXXXX} file open: leftovers are logged, never
   * fatal. Only a failure to write {@code _SUCCESS} itself is thrown.
   */
  public void commitJob(String summaryJson) throws IOException {
    jobCommitStarted = true;
    retireTemporary();
    faults.before(DiskFaults.Op.SUCCESS_WRITE, "coordinator", output.resolve(SUCCESS));
    Path tmp = output.resolve("._SUCCESS.tmp");
    Files.writeString(tmp, summaryJson, StandardCharsets.UTF_8);
    move(tmp, output.resolve(SUCCESS));
  }

  /**
   * Removes what a failed job wrote so that nothing looks complete: the temporary area and, unless
   * the job's commit had begun, the committed parts. Best effort; never throws.
   */
  public void abortJob() {
    retireTemporary();
    if (jobCommitStarted || !Files.isDirectory(output)) {
      return;
    }
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(output, "part-r-*")) {
      for (Path p : parts) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("could not remove the parts of failed job in {}: {}", output, e.toString());
    }
  }

  private void retireTemporary() {
    Path temporary = output.resolve(TEMPORARY);
    Path trash = output.resolve("." + TEMPORARY + "-" + UUID.randomUUID() + ".deleting");
    try {
      Files.move(temporary, trash, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | RuntimeException e) {
      log.warn("could not retire {}: {}; deleting it in place", temporary, e.toString());
      trash = temporary;
    }
    if (!FileTrees.deleteQuietly(trash)) {
      log.warn("left {} behind in the output directory; it is safe to delete", trash.getFileName());
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
