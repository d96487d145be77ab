package dev.mapreduce.core.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** What the engine knows of compressed files: gzip it reads; the others it names and refuses. */
final class Compression {
  private static final Map<String, String> UNSUPPORTED =
      Map.of(
          ".bz2", "bzip2",
          ".xz", "xz",
          ".zst", "zstd",
          ".lz4", "lz4",
          ".snappy", "snappy",
          ".zip", "zip",
          ".7z", "7z");

  private Compression() {}

  /** The name of a compression the file's name says it has and the engine cannot read, or null. */
  static String unsupportedByName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : UNSUPPORTED.entrySet()) {
      if (name.endsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Whether the file starts with gzip's two magic bytes. */
  static boolean startsWithGzipMagic(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }
}
