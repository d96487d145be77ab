package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.internal.io.DiskFaults;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which fetched-run files each worker process created, for {@link
 * Invariant#APPEND_ONLY_TO_OWN_FILES}: an append to a file the same process (not merely the same
 * worker name: a restarted process is another) did not create could add to a dead attempt's or a
 * dead process's leftovers.
 */
final class OwnFiles {
  private final Map<String, Set<Path>> created = new HashMap<>();

  /** {@code process} names one worker process, e.g. {@code worker2#1}. */
  Optional<String> op(String process, DiskFaults.Op op, Path path) {
    if (op == DiskFaults.Op.FETCH_CREATE) {
      created.computeIfAbsent(process, p -> new HashSet<>()).add(path);
    } else if (op == DiskFaults.Op.FETCH_APPEND
        && !created.getOrDefault(process, Set.of()).contains(path)) {
      return Optional.of(
          process + " appended to " + path.getFileName() + ", which it did not create");
    }
    return Optional.empty();
  }
}
