package dev.mapreduce.core.format;

import java.nio.file.Path;

/**
 * The part of one input file that one map task reads: bytes {@code [start, start + length)}. A
 * format that cannot start mid-file is only ever given whole files ({@code start == 0}, {@code
 * length} the file's size).
 */
public record Split(Path file, long start, long length) {
  public long end() {
    return start + length;
  }

  public boolean wholeFile() {
    return start == 0;
  }
}
