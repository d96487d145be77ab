package dev.mapreduce.core.worker;

import dev.mapreduce.core.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a user's {@code --work-dir} that one worker owns. The work dir itself may hold the
 * user's files, or other workers' directories, so a worker never deletes it: it creates a fresh
 * directory {@code mr-<worker>-<random>/} inside, holds a lock on {@code .owner.lock} in it while it
 * lives, and deletes only that directory. At start it removes directories of earlier processes
 * with the same worker name whose lock nobody holds (a SIGKILLed worker's leftovers); a directory
 * whose lock is held belongs to a live worker and is left alone.
 *
 * <p>Each coordinator session (registration generation) gets its own sub-directory, so attempt ids,
 * which repeat from job to job, never meet a file an earlier job left behind.
 */
final class WorkDirectory {
  private static final Logger log = LoggerFactory.getLogger(WorkDirectory.class);
  private static final String LOCK = ".owner.lock";

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private WorkDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Cleans this worker name's dead directories under {@code workDir} and claims a fresh one. */
  static WorkDirectory claim(Path workDir, String workerId) {
    String prefix = "mr-" + fileSafe(workerId) + "-";
    try {
      Files.createDirectories(workDir);
      removeDeadSiblings(workDir, prefix);
      Path root = Files.createTempDirectory(workDir, prefix);
      FileChannel channel =
          FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new WorkDirectory(root, channel, channel.lock());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the work directory " + workDir + ": " + e, e);
    }
  }

  Path root() {
    return root;
  }

  /** The directory of one coordinator session; created on first use. */
  Path session(int generation) throws IOException {
    return Files.createDirectories(sessionPath(generation));
  }

  Path sessionPath(int generation) {
    return root.resolve("session-" + generation);
  }

  /**
   * What a killed process leaves: its files stay (a restarted worker cleans them), and its lock
   * goes with it.
   */
  void abandon() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.debug("could not release the lock in {}: {}", root, e.toString());
    }
  }

  /** Deletes everything this worker created and releases the lock. Never throws. */
  void release() {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        if (!p.getFileName().toString().equals(LOCK)) {
          FileTrees.deleteQuietly(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("could not list {} to clean it: {}", root, e.toString());
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.debug("could not release the lock in {}: {}", root, e.toString());
    }
    FileTrees.deleteQuietly(root);
  }

  private static void removeDeadSiblings(Path workDir, String prefix) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(workDir, prefix + "*")) {
      for (Path dir : entries) {
        if (Files.isDirectory(dir) && !ownerAlive(dir)) {
          log.info("removing {}: left by an earlier run of this worker", dir);
          FileTrees.deleteQuietly(dir);
        }
      }
    }
  }

  /** True if a live process (or this JVM) holds the directory's lock. */
  private static boolean ownerAlive(Path dir) {
    Path lockFile = dir.resolve(LOCK);
    if (!Files.exists(lockFile)) {
      // A worker creates its lock right after its directory: only an old one without it is dead.
      try {
        return Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 60_000;
      } catch (IOException e) {
        return true;
      }
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock probe = ch.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // held by another worker in this JVM
    } catch (IOException e) {
      return true; // cannot tell: leave it alone rather than delete a live worker's files
    }
  }

  private static String fileSafe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
