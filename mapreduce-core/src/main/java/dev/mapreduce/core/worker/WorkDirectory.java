package dev.mapreduce.core.worker;

import dev.mapreduce.core.internal.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a user's {@code --work-dir} that one worker owns. The work dir itself may hold the
 * user's files, or other workers' directories, so a worker never deletes it: it creates a fresh
 * directory {@code mr-<worker>-<random>/} inside, holds a lock on {@code .owner.lock} in it while
 * it lives, and deletes only that directory. At start it removes directories of earlier processes
 * with the same worker name whose lock nobody holds (a SIGKILLed worker's leftovers): only names of
 * exactly its own form ({@code mr-<worker>-<digits>}) that hold a lock file, so neither a user's
 * {@code mr-w1-photos} nor worker {@code w1-b}'s directories are ever taken for worker {@code
 * w1}'s. A directory whose lock is held belongs to a live worker and is left alone.
 *
 * <p>Each coordinator session (registration generation) gets its own sub-directory, so attempt ids,
 * which repeat from job to job, never meet a file an earlier job left behind.
 */
final class WorkDirectory {
  private static final Logger log = LoggerFactory.getLogger(WorkDirectory.class);
  private static final String LOCK = ".owner.lock";

  /**
   * Lock files this JVM holds. On POSIX, closing any channel to a file drops every lock this
   * process holds on it, so a probe must never open a lock file this JVM holds: it asks here.
   */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

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
      Path lockFile = root.resolve(LOCK).toAbsolutePath().normalize();
      FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      FileLock lock = channel.lock();
      HELD_HERE.add(lockFile);
      return new WorkDirectory(root, channel, lock);
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
    unlock();
  }

  private void unlock() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.debug("could not release the lock in {}: {}", root, e.toString());
    } finally {
      HELD_HERE.remove(root.resolve(LOCK).toAbsolutePath().normalize());
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
    unlock();
    FileTrees.deleteQuietly(root);
  }

  private static void removeDeadSiblings(Path workDir, String prefix) throws IOException {
    Pattern ours = Pattern.compile(Pattern.quote(prefix) + "[0-9]+");
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(workDir, prefix + "*")) {
      for (Path dir : entries) {
        boolean candidate =
            ours.matcher(dir.getFileName().toString()).matches()
                && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(dir.resolve(LOCK), LinkOption.NOFOLLOW_LINKS);
        if (candidate && !ownerAlive(dir)) {
          log.info("removing {}: left by an earlier run of this worker", dir);
          FileTrees.deleteQuietly(dir);
        }
      }
    }
  }

  /** True if a live process (or this JVM) holds the directory's lock. */
  private static boolean ownerAlive(Path dir) {
    Path lockFile = dir.resolve(LOCK).toAbsolutePath().normalize();
    if (HELD_HERE.contains(lockFile)) {
      return true; // a live worker in this JVM; probing would drop its lock
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
