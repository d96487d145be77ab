package dev.mapreduce.core.internal.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Named points where the engine touches the disk, for tests that make the disk fail: a simulation
 * throws from {@link #before} to make the operation fail (a full disk, a bad sector, a file gone
 * under NFS) and watches which files are created and appended. Production code passes {@link
 * #NONE}.
 */
@FunctionalInterface
public interface DiskFaults {
  enum Op {
    /** A map attempt is about to write its spills and output file under {@code path}. */
    SPILL_WRITE,
    /** A reduce attempt creates the run file {@code path} for one map's partition. */
    FETCH_CREATE,
    /** A reduce attempt appends a later chunk to the run file {@code path} it created. */
    FETCH_APPEND,
    /** A reduce attempt is about to write its output file {@code path}. */
    REDUCE_OUTPUT_WRITE,
    /** The coordinator renames a reduce attempt's file to the part {@code path}. */
    COMMIT_RENAME,
    /** The coordinator writes {@code _SUCCESS} at {@code path}. */
    SUCCESS_WRITE,
    /** A worker deletes {@code path} (an attempt's or a session's files). */
    DELETE
  }

  /** Called before the operation, on the thread doing it; throwing fails the operation. */
  void before(Op op, String node, Path path) throws IOException;

  DiskFaults NONE = (op, node, path) -> {};
}
