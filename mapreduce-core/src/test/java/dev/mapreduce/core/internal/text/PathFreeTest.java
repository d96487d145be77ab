package dev.mapreduce.core.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PathFreeTest {
  @Test
  void replacesWholePathsOnly() {
    Path out = Path.of("/data/out");
    assertThat(PathFree.replace("cannot write /data/out/part-r-00000: disk full", out, "OUTPUT"))
        .isEqualTo("cannot write OUTPUT/part-r-00000: disk full");
    assertThat(PathFree.replace("NoSuchFileException: /data/out", out, "OUTPUT"))
        .isEqualTo("NoSuchFileException: OUTPUT");
    assertThat(PathFree.replace("cannot write /data/output-old/part", out, "OUTPUT"))
        .isEqualTo("cannot write /data/output-old/part");
    assertThat(PathFree.replace("x/data/out/y", out, "OUTPUT")).isEqualTo("x/data/out/y");
  }

  @Test
  void relativeDirectoriesNeverRewriteWords() {
    String msg = "java.util.concurrent.TimeoutException: reading a line timed out in string";
    assertThat(PathFree.replace(msg, Path.of("in"), "INPUT")).isEqualTo(msg);
    assertThat(PathFree.replace(msg, Path.of("out"), "OUTPUT")).isEqualTo(msg);
    assertThat(PathFree.replace("worker w1 network error", Path.of("work"), "WORKDIR"))
        .isEqualTo("worker w1 network error");
  }

  @Test
  void theRootIsNeverReplaced() {
    assertThat(PathFree.replace("/a/b", Path.of("/"), "ROOT")).isEqualTo("/a/b");
  }
}
