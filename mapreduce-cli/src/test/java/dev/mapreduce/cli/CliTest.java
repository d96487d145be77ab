package dev.mapreduce.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.examples.OutputFiles;
import dev.mapreduce.examples.Reference;
import dev.mapreduce.examples.WordCount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = MapReduceCli.execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void runWordCountAndIndexerMatchTheReference() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    Files.writeString(a, "the quick brown fox\r\njumps over the lazy dog\n");
    Files.writeString(b, "The dog sleeps. THE END");
    Run wc =
        cli(
            "run",
            "--job",
            "wordcount",
            "--input",
            a.toString(),
            b.toString(),
            "--output",
            dir.resolve("wc").toString(),
            "--reducers",
            "2",
            "--workers",
            "2");
    assertThat(wc.code()).as(wc.err()).isZero();
    assertThat(OutputFiles.counts(dir.resolve("wc"))).isEqualTo(Reference.wordCount(a, b));

    Run ix =
        cli(
            "run",
            "--job",
            "indexer",
            "--input",
            a.toString(),
            b.toString(),
            "--output",
            dir.resolve("ix").toString());
    assertThat(ix.code()).isZero();
    assertThat(OutputFiles.lines(dir.resolve("ix")))
        .contains("the\t2\ta.txt,b.txt", "fox\t1\ta.txt");
  }

  @Test
  void badInputGivesANonZeroExitAndAClearMessage() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "x\n");
    Run missing =
        cli(
            "run",
            "--job",
            "wordcount",
            "--input",
            dir.resolve("nope").toString(),
            "--output",
            dir.resolve("o1").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist");

    Run r0 =
        cli(
            "run",
            "--job",
            "wordcount",
            "--input",
            in.toString(),
            "--output",
            dir.resolve("o2").toString(),
            "--reducers",
            "0");
    assertThat(r0.code()).isEqualTo(2);
    assertThat(r0.err()).contains("reduce tasks must be at least 1");

    Run unknown =
        cli(
            "run",
            "--job",
            "no.such.Job",
            "--input",
            in.toString(),
            "--output",
            dir.resolve("o3").toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no.such.Job");

    Path full = dir.resolve("full");
    Files.createDirectories(full);
    Files.writeString(full.resolve("x"), "x");
    Run notEmpty =
        cli("run", "--job", "wordcount", "--input", in.toString(), "--output", full.toString());
    assertThat(notEmpty.code()).isEqualTo(2);
    assertThat(notEmpty.err()).contains("not empty");
  }

  @Test
  void statusPrintsTheBlockOnceAndFailsClearlyWhenNothingAnswers() throws Exception {
    int port = CliProcesses.freePort();
    Run nobody = cli("status", "--coordinator", "127.0.0.1:" + port);
    assertThat(nobody.code()).isEqualTo(1);
    assertThat(nobody.err()).contains("no coordinator answers at 127.0.0.1:" + port);

    Path in = dir.resolve("in.txt");
    Files.writeString(in, "a b c\n");
    dev.mapreduce.core.api.Job job =
        new WordCount()
            .configure(
                dev.mapreduce.core.api.Job.builder("wordcount")
                    .input(in)
                    .output(dir.resolve("out")))
            .build();
    try (dev.mapreduce.grpc.CoordinatorProcess c =
        dev.mapreduce.grpc.CoordinatorProcess.start(
            job,
            "127.0.0.1",
            0,
            dev.mapreduce.core.config.Timings.defaults(),
            dev.mapreduce.grpc.GrpcSecurity.none(),
            dev.mapreduce.core.events.EventSink.NONE)) {
      Run status = cli("status", "--coordinator", "127.0.0.1:" + c.port());
      assertThat(status.code()).isZero();
      assertThat(status.out())
          .contains("SYSTEM STATUS", "Workers: 0 registered", "Phase: MAP", "Pending: 2");
    }
  }
}
