package dev.mapreduce.inprocess.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts the lines (map input records) of a job's inputs straight from the files, without the
 * engine's split planner or line reader, so {@link Invariant#COUNTERS_COUNT_ONCE} compares the
 * engine's counter with an independent figure. Like the engine, it reads every regular file under a
 * directory except those below a name starting with {@code _} or {@code .}; a line ends at {@code
 * \n}, and a last line without one still counts.
 */
final class InputLines {
  private InputLines() {}

  static long count(List<Path> inputs) {
    long n = 0;
    for (Path input : inputs) {
      try (Stream<Path> files = Files.walk(input)) {
        for (Path f : files.filter(Files::isRegularFile).filter(f -> !hidden(input, f)).toList()) {
          n += lines(f);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }

  private static boolean hidden(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith("_") || part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static long lines(Path file) throws IOException {
    long newlines = 0;
    int last = '\n';
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            newlines++;
          }
        }
        last = buf[n - 1];
      }
    }
    return newlines + (last == '\n' ? 0 : 1);
  }
}
