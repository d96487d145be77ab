package dev.mapreduce.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueLinesTest {
  @TempDir Path dir;

  private static final String TEXT = "de\t120\nfr\t7\textra\nno-tab\n\t\nlast\t\n";

  /** What the format must read: each line cut at its first tab, written out by hand. */
  private static final List<Map.Entry<String, String>> EXPECTED =
      List.of(
          Map.entry("de", "120"),
          Map.entry("fr", "7\textra"),
          Map.entry("no-tab", ""),
          Map.entry("", ""),
          Map.entry("last", ""));

  private static List<Map.Entry<String, String>> read(Path file, List<Split> splits)
      throws IOException {
    KeyValueLines format = new KeyValueLines();
    format.check(file);
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Split s : splits) {
      try (RecordReader<String, String> r = format.open(s)) {
        while (r.next()) {
          out.add(Map.entry(r.key(), r.value()));
        }
      }
    }
    return out;
  }

  @Test
  void cutsEachLineAtItsFirstTabInEverySplit() throws IOException {
    Path file = dir.resolve("part-r-00000");
    Files.writeString(file, TEXT, StandardCharsets.UTF_8);
    long size = Files.size(file);
    assertThat(read(file, List.of(new Split(file, 0, size)))).isEqualTo(EXPECTED);
    // Cut inside the second line: each line is still read once, by the split it starts in.
    assertThat(read(file, List.of(new Split(file, 0, 9), new Split(file, 9, size - 9))))
        .isEqualTo(EXPECTED);
  }

  @Test
  void readsGzipOutputWhole() throws IOException {
    Path file = dir.resolve("part-r-00000.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(TEXT.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(new KeyValueLines().splittable(file)).isFalse();
    assertThat(read(file, List.of(new Split(file, 0, Files.size(file))))).isEqualTo(EXPECTED);
  }
}
