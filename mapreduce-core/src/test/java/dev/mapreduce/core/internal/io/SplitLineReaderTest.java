package dev.mapreduce.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitLineReaderTest {
  @TempDir Path dir;

  /** The reference: split the whole text on '\n', drop a final empty piece, strip one '\r'. */
  private static List<String> referenceLines(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    return lines;
  }

  private List<String> readAllSplits(Path file, long splitSize) throws IOException {
    List<String> out = new ArrayList<>();
    for (InputSplit s : SplitPlanner.plan(List.of(file), splitSize)) {
      try (SplitLineReader r = new SplitLineReader(Path.of(s.file()), s.start(), s.length())) {
        while (r.next()) {
          out.add(r.line());
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 7, 16, 64, 1000, 1 << 20})
  void everyLineExactlyOnceWhateverTheSplitSize(long splitSize) throws IOException {
    Random r = new Random(splitSize);
    StringBuilder text = new StringBuilder();
    String[] pieces = {"a", "bc", "héllo", "東京", "\r", "", "x y z", "😀"};
    for (int i = 0; i < 300; i++) {
      int n = r.nextInt(4);
      for (int j = 0; j < n; j++) {
        text.append(pieces[r.nextInt(pieces.length)]);
      }
      text.append(r.nextInt(5) == 0 ? "\r\n" : "\n");
    }
    text.append("last line without newline");
    Path file = dir.resolve("f.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    assertThat(readAllSplits(file, splitSize))
        .containsExactlyElementsOf(referenceLines(text.toString()));
  }

  @Test
  void emptyFileHasNoSplitAndNoLines() throws IOException {
    Path file = dir.resolve("empty.txt");
    Files.writeString(file, "");
    assertThat(SplitPlanner.plan(List.of(file), 10)).isEmpty();
    assertThat(readAllSplits(file, 10)).isEmpty();
  }

  @Test
  void onlyNewlinesGiveEmptyLines() throws IOException {
    Path file = dir.resolve("nl.txt");
    Files.writeString(file, "\n\n\r\n");
    assertThat(readAllSplits(file, 1)).containsExactly("", "", "");
  }

  @Test
  void tenMegabyteLineSplitSmallerThanTheLine() throws IOException {
    String big = "w".repeat(10 << 20);
    Path file = dir.resolve("big.txt");
    Files.writeString(file, "first\n" + big + "\nlast\n");
    List<String> lines = readAllSplits(file, 1 << 20);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("first");
    assertThat(lines.get(1)).hasSize(10 << 20).isEqualTo(big);
    assertThat(lines.get(2)).isEqualTo("last");
  }

  @Test
  void directoriesAreReadRecursivelySkippingHiddenAndUnderscoreNames() throws IOException {
    Files.createDirectories(dir.resolve("in/sub"));
    Files.writeString(dir.resolve("in/a.txt"), "a\n");
    Files.writeString(dir.resolve("in/sub/b.txt"), "b\n");
    Files.writeString(dir.resolve("in/_SUCCESS"), "x\n");
    Files.writeString(dir.resolve("in/.hidden"), "x\n");
    List<InputSplit> splits = SplitPlanner.plan(List.of(dir.resolve("in")), 100);
    assertThat(splits)
        .extracting(InputSplit::file)
        .containsExactly(
            dir.resolve("in/a.txt").toString(), dir.resolve("in/sub/b.txt").toString());
  }
}
