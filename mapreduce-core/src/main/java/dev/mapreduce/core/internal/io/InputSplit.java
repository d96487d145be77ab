package dev.mapreduce.core.internal.io;

/**
 * A byte range of one input file, or a range of the job's in-memory lines; one map task reads one
 * split.
 *
 * @param file the file's path as a string, so it travels between processes unchanged; empty for
 *     in-memory lines
 * @param start the first byte, or the index of the first in-memory line
 * @param length bytes, or in-memory lines
 */
public record InputSplit(String file, long start, long length) {
  public static InputSplit inMemory(int firstLine, int lines) {
    return new InputSplit("", firstLine, lines);
  }

  public boolean inMemory() {
    return file.isEmpty();
  }

  public long end() {
    return start + length;
  }
}
