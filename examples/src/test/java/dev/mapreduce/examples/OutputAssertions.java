package dev.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.StringCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks on a committed output's form. Public, like {@link Reference}, because mapreduce-cli's
 * tests use it too, through this module's test-jar.
 */
public final class OutputAssertions {
  private OutputAssertions() {}

  /**
   * Checks the output's form: R part files, each sorted, each key in the partition its hash picks.
   */
  public static void assertWellFormed(Path output, int r) throws IOException {
    assertThat(output.resolve("_SUCCESS")).exists();
    assertThat(output.resolve("_temporary")).doesNotExist();
    List<Path> parts = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(output, "part-r-*")) {
      s.forEach(parts::add);
    }
    assertThat(parts).hasSize(r);
    for (Path part : parts) {
      int p = Integer.parseInt(part.getFileName().toString().substring(7));
      List<String> keys =
          Files.readAllLines(part, StandardCharsets.UTF_8).stream()
              .map(l -> l.substring(0, l.indexOf('\t')))
              .toList();
      assertThat(keys).isSortedAccordingTo(StringCodec.CODE_POINT_ORDER).doesNotHaveDuplicates();
      keys.forEach(k -> assertThat(Math.floorMod(k.hashCode(), r)).isEqualTo(p));
    }
  }
}
