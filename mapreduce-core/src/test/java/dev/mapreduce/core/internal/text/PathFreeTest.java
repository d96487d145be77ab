package dev.mapreduce.core.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void anInputGivenAsAFileKeepsItsNameInTheMessage(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("orders.csv"), "x\n");
    Job job =
        Job.builder("j")
            .input(file)
            .output(dir.resolve("out"))
            .mapper(Tokens.class)
            .reducer(Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .build();
    assertThat(PathFree.of("malformed CSV in " + file.toAbsolutePath() + ": record 3", job))
        .isEqualTo("malformed CSV in INPUT/orders.csv: record 3");
  }

  public static final class Tokens implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {}
  }

  public static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {}
  }

  @Test
  void theRootIsNeverReplaced() {
    assertThat(PathFree.replace("/a/b", Path.of("/"), "ROOT")).isEqualTo("/a/b");
  }
}
