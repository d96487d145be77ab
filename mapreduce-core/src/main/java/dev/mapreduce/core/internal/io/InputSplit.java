package dev.mapreduce.core.internal.io;

/**
 * A byte range of one input file; one map task reads one split.
 *
 * @param file the file's path as a string, so it travels between processes unchanged
 */
public record InputSplit(String file, long start, long length) {
  public long end() {
    return start + length;
  }
}
