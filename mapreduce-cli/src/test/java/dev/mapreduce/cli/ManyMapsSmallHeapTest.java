package dev.mapreduce.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.examples.CorpusGenerator;
import dev.mapreduce.examples.OutputAssertions;
import dev.mapreduce.examples.OutputFiles;
import dev.mapreduce.examples.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of map tasks in a small heap: each reduce fetches thousands of runs, which it must
 * merge in passes (a reduce that opened every run at once with its read buffer ran out of memory at
 * about 2,000 maps under -Xmx96m).
 */
class ManyMapsSmallHeapTest {
  @TempDir Path dir;
  private CliProcesses cli;

  @AfterEach
  void kill() {
    if (cli != null) {
      cli.close();
    }
  }

  @Test
  void fiveThousandMapsUnderNinetySixMegabytes() throws Exception {
    Path input = dir.resolve("input");
    new CorpusGenerator(2_000, 3).write(input, 2, 2_600_000);
    Path out = dir.resolve("out");
    cli = new CliProcesses(dir);
    Process p =
        cli.launch(
            "run",
            "-Xmx96m",
            List.of(
                "run",
                "--job",
                "wordcount",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--reducers",
                "2",
                "--workers",
                "2",
                "--split-size",
                "1k",
                "--sort-buffer",
                "4MB",
                "--status-interval",
                "60s"));
    assertThat(cli.exitCode(p, "run")).as(cli.log("run")).isZero();
    try (var s = Files.list(input)) {
      long bytes = s.mapToLong(f -> f.toFile().length()).sum();
      assertThat(bytes / 1024).isGreaterThanOrEqualTo(5_000); // at least 5,000 splits of 1 KiB
    }
    assertThat(OutputFiles.counts(out)).isEqualTo(Reference.wordCount(input));
    OutputAssertions.assertWellFormed(out, 2);
    Matcher maps =
        Pattern.compile("\"mapTasks\": (\\d+)").matcher(Files.readString(out.resolve("_SUCCESS")));
    assertThat(maps.find()).isTrue();
    assertThat(Integer.parseInt(maps.group(1))).isGreaterThanOrEqualTo(5_000);
  }
}
