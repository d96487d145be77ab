package dev.mapreduce.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.StringCodec;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergePassesTest {
  @TempDir Path dir;

  private static List<String> read(List<Path> runs) throws Exception {
    List<String> all = new ArrayList<>();
    for (Path p : runs) {
      try (RunReader r = new RunReader(Files.newInputStream(p))) {
        while (r.next()) {
          all.add(
              new String(r.key(), 0, r.keyLength(), StandardCharsets.UTF_8)
                  + "="
                  + new String(r.value(), 0, r.valueLength(), StandardCharsets.UTF_8));
        }
      }
    }
    return all;
  }

  @Test
  void manyRunsBecomeAtMostFactorRunsHoldingEveryRecordInOrder() throws Exception {
    AtomicLong progress = new AtomicLong();
    Random random = new Random(5);
    List<Path> runs = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<String> keys = new ArrayList<>();
      for (int k = 0; k < 1 + random.nextInt(20); k++) {
        keys.add("k" + random.nextInt(500));
      }
      keys.sort(null);
      Path run = dir.resolve("from-" + i + ".run");
      try (OutputStream os = Files.newOutputStream(run);
          RunWriter w = new RunWriter(os)) {
        for (String k : keys) {
          byte[] kb = k.getBytes(StandardCharsets.UTF_8);
          byte[] vb = ("v" + i).getBytes(StandardCharsets.UTF_8);
          w.write(kb, 0, kb.length, vb, 0, vb.length);
          expected.add(k + "=v" + i);
        }
      }
      runs.add(run);
    }
    KeyOrder<String> order = new KeyOrder<>(new StringCodec(), Optional.empty());
    List<Path> last =
        MergePasses.toAtMost(runs, 4, order, dir.resolve("merge"), progress::incrementAndGet);
    assertThat(last).hasSizeLessThanOrEqualTo(4);
    assertThat(progress.get())
        .as("every record written by a pass is progress")
        .isGreaterThanOrEqualTo(expected.size());
    List<String> merged = read(last);
    assertThat(merged).containsExactlyInAnyOrderElementsOf(expected);
    for (Path run : last) {
      List<String> keys =
          read(List.of(run)).stream().map(s -> s.substring(0, s.indexOf('='))).toList();
      assertThat(keys).isSorted();
    }
    // Intermediate passes' files are gone; only the last pass's remain in the scratch directory.
    try (var s = Files.list(dir.resolve("merge"))) {
      assertThat(s.toList()).containsExactlyInAnyOrderElementsOf(last);
    }
  }

  @Test
  void fewRunsAreLeftAlone() throws Exception {
    List<Path> runs = List.of(dir.resolve("a"), dir.resolve("b"));
    KeyOrder<String> order = new KeyOrder<>(new StringCodec(), Optional.empty());
    assertThat(MergePasses.toAtMost(runs, 64, order, dir.resolve("merge"), () -> {}))
        .isSameAs(runs);
    assertThatThrownBy(() -> MergePasses.toAtMost(runs, 1, order, dir.resolve("merge"), () -> {}))
        .hasMessageContaining("merge factor");
  }
}
