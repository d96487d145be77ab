package dev.mapreduce.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentInputStreamTest {
  @TempDir Path dir;

  @Test
  void readsExactlyTheSegmentWhateverTheReadSizes() throws Exception {
    byte[] file = new byte[10_000];
    new Random(7).nextBytes(file);
    Path p = Files.write(dir.resolve("f"), file);
    int[][] segments = {{0, 0}, {0, 10_000}, {123, 4567}, {9_999, 1}, {5000, 5000}};
    for (int[] s : segments) {
      byte[] expected = Arrays.copyOfRange(file, s[0], s[0] + s[1]);
      try (InputStream in = new SegmentInputStream(p, s[0], s[1])) {
        assertThat(in.readAllBytes()).as("segment %s", Arrays.toString(s)).isEqualTo(expected);
        assertThat(in.read()).isEqualTo(-1);
      }
      try (InputStream in = new SegmentInputStream(p, s[0], s[1])) {
        // One byte at a time, then past the end: the single-byte path must agree.
        byte[] got = new byte[s[1]];
        for (int i = 0; i < s[1]; i++) {
          got[i] = (byte) in.read();
        }
        assertThat(got).isEqualTo(expected);
        assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
      }
    }
  }
}
