package dev.mapreduce.core.internal.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting directory trees that other threads or processes may be changing. {@code Files.walk}
 * throws an unchecked exception when a file vanishes under it; a file tree visitor lets us treat a
 * vanished file as deleted and go on.
 */
public final class FileTrees {
  private static final Logger log = LoggerFactory.getLogger(FileTrees.class);

  private FileTrees() {}

  /**
   * Deletes {@code root} and everything under it. Files that vanish meanwhile count as deleted; any
   * other problem is thrown after the rest of the tree was tried.
   */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    IOException[] first = new IOException[1];
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            remove(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (!(e instanceof NoSuchFileException)) {
              note(e);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null && !(e instanceof NoSuchFileException)) {
              note(e);
            }
            remove(dir);
            return FileVisitResult.CONTINUE;
          }

          private void remove(Path p) {
            try {
              Files.deleteIfExists(p);
            } catch (IOException e) {
              note(e);
            }
          }

          private void note(IOException e) {
            if (first[0] == null) {
              first[0] = e;
            }
          }
        });
    if (first[0] != null) {
      throw first[0];
    }
  }

  /** Best effort: deletes what it can and logs what it could not. Never throws. */
  public static boolean deleteQuietly(Path root) {
    try {
      delete(root);
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn("could not delete all of {}: {}", root, e.toString());
      return false;
    }
  }
}
