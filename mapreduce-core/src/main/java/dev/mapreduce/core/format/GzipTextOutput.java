package dev.mapreduce.core.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@link TextOutput}'s lines, gzip-compressed, in {@code part-r-NNNNN.gz} files: readable with
 * {@code zcat}, by {@link dev.mapreduce.core.api.JobOutput}, and as input of a next job through
 * {@link TextLines}.
 */
public final class GzipTextOutput extends TextOutput {
  @Override
  public String extension() {
    return ".gz";
  }

  @Override
  protected OutputStream wrap(OutputStream file) throws IOException {
    return new GZIPOutputStream(file, 64 * 1024);
  }
}
