package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.internal.io.OutputCommitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts a run has published, each remembered as it was at its commit, for {@link
 * Invariant#ONE_COMMIT_PER_TASK} and {@link Invariant#COMMITTED_OUTPUT_KEPT}. Checking after every
 * coordinator event must be cheap, so it compares file attributes (a replaced or rewritten file
 * gets a new file key, size or modification time); the content hash is compared at the end.
 */
final class CommittedParts {
  private final Path output;

  /** By reduce task id, in order. */
  private final Map<String, Part> parts = new TreeMap<>();

  private record Part(
      String task,
      String attempt,
      Path path,
      Object fileKey,
      long size,
      long modified,
      String sha256) {}

  CommittedParts(Path output) {
    this.output = output;
  }

  int count() {
    return parts.size();
  }

  /**
   * Remembers the part that TaskCommitted(task, attempt) just published; a problem if it cannot.
   */
  Optional<Problem> committed(String task, String attempt) {
    Part before = parts.get(task);
    if (before != null) {
      return Optional.of(
          new Problem(
              Invariant.ONE_COMMIT_PER_TASK,
              task + " committed twice: from " + before.attempt + ", then from " + attempt));
    }
    Path path = output.resolve(OutputCommitter.partName(Integer.parseInt(task.substring(2))));
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      parts.put(
          task,
          new Part(
              task,
              attempt,
              path,
              a.fileKey(),
              a.size(),
              a.lastModifiedTime().toMillis(),
              sha256(path)));
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.of(
          new Problem(
              Invariant.COMMITTED_OUTPUT_KEPT,
              task
                  + " committed from "
                  + attempt
                  + " but "
                  + path.getFileName()
                  + " does not exist"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cheap: every part still there with the attributes it had at its commit. */
  Optional<String> checkAttributes() {
    for (Part p : parts.values()) {
      try {
        BasicFileAttributes a = Files.readAttributes(p.path, BasicFileAttributes.class);
        if (!Objects.equals(a.fileKey(), p.fileKey)
            || a.size() != p.size
            || a.lastModifiedTime().toMillis() != p.modified) {
          return Optional.of(
              p.path.getFileName()
                  + " (committed from "
                  + p.attempt
                  + ") was replaced or changed: "
                  + p.size
                  + " bytes then, "
                  + a.size()
                  + " now");
        }
      } catch (NoSuchFileException e) {
        return Optional.of(
            p.path.getFileName() + " (committed from " + p.attempt + ") was deleted");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }

  /** Thorough: attributes, then every part's content against its hash at commit. */
  Optional<String> checkContent() {
    Optional<String> attributes = checkAttributes();
    if (attributes.isPresent()) {
      return attributes;
    }
    for (Part p : parts.values()) {
      try {
        if (!sha256(p.path).equals(p.sha256)) {
          return Optional.of(
              p.path.getFileName() + " (committed from " + p.attempt + ") changed content");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
