package dev.mapreduce.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobOutput;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.format.GzipTextOutput;
import dev.mapreduce.core.format.WholeFiles;
import dev.mapreduce.inprocess.TestJobs.FirstString;
import dev.mapreduce.inprocess.TestJobs.Sum;
import dev.mapreduce.inprocess.TestJobs.Words;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gzip input, whole-file input, in-memory input and gzip output, each against plain Java. */
class InputOutputFormatsTest {
  @TempDir Path dir;

  /** (file name, byte count and the count of 'a' bytes) for each whole file. */
  public static final class FileSizes implements Mapper<Path, byte[], String, String> {
    @Override
    public void map(Path file, byte[] content, Emitter<String, String> out) {
      int as = 0;
      for (byte b : content) {
        as += b == 'a' ? 1 : 0;
      }
      out.emit(file.getFileName().toString(), content.length + " " + as);
    }
  }

  private static String text(long seed, int lines) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      int n = r.nextInt(12);
      for (int j = 0; j < n; j++) {
        b.append("w").append((int) Math.sqrt(r.nextInt(10_000))).append(' ');
      }
      // Some lines end in \r\n, as files from another system do.
      b.append(i % 7 == 0 ? "\r\n" : "\n");
    }
    return b.toString();
  }

  /** The expected counts, computed without the engine. */
  private static Map<String, Long> count(String text) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : text.split("\n")) {
      for (String w : line.strip().split(" ")) {
        if (!w.isEmpty()) {
          counts.merge(w, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  private static Map<String, Long> asCounts(List<Map.Entry<String, String>> records) {
    Map<String, Long> m = new TreeMap<>();
    records.forEach(e -> assertThat(m.put(e.getKey(), Long.parseLong(e.getValue()))).isNull());
    return m;
  }

  private static void gzip(String text, Path to) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Job.Builder wordCount(String name, Path out) {
    return Job.builder(name)
        .output(out)
        .mapper(Words.class)
        .combiner(Sum.class)
        .reducer(Sum.class)
        .mapOutput(StringCodec.class, LongCodec.class)
        .reduceTasks(3)
        .splitSize(4096)
        .sortBufferBytes(16 * 1024);
  }

  private static long mapTasks(JobResult r) {
    return r.tasks().stream().filter(t -> t.taskId().startsWith("m-")).count();
  }

  private static JobResult run(Job job) {
    return InProcessCluster.builder().workers(2).build().run(job);
  }

  @Test
  void aGzipFileCountsExactlyAsItsPlainCopyAndIsReadByOneMapTask() throws Exception {
    String text = text(1, 20_000);
    Path plain = dir.resolve("in-plain/words.txt");
    Path gz = dir.resolve("in-gz/words.txt.gz");
    Files.createDirectories(plain.getParent());
    Files.createDirectories(gz.getParent());
    Files.writeString(plain, text);
    gzip(text, gz);
    assertThat(Files.size(gz)).as("several splits' worth, compressed").isGreaterThan(4 * 4096);

    JobResult fromPlain = run(wordCount("plain", dir.resolve("out-plain")).input(plain).build());
    JobResult fromGz = run(wordCount("gz", dir.resolve("out-gz")).input(gz).build());

    assertThat(fromPlain.succeeded()).isTrue();
    assertThat(fromGz.succeeded()).as(fromGz.toString()).isTrue();
    Map<String, Long> expected = count(text);
    assertThat(asCounts(JobOutput.records(dir.resolve("out-plain")))).isEqualTo(expected);
    assertThat(asCounts(JobOutput.records(dir.resolve("out-gz")))).isEqualTo(expected);
    assertThat(JobOutput.lines(dir.resolve("out-gz")))
        .isEqualTo(JobOutput.lines(dir.resolve("out-plain")));
    assertThat(mapTasks(fromPlain)).isGreaterThan(1);
    assertThat(mapTasks(fromGz)).isEqualTo(1);
  }

  @Test
  void compressedOutputReadsBackAsTheSameLinesAndFeedsANextJob() throws Exception {
    String text = text(2, 5_000);
    Path in = dir.resolve("in.txt");
    Files.writeString(in, text);
    Path out = dir.resolve("out");
    JobResult r =
        run(wordCount("gz-out", out).input(in).outputFormat(GzipTextOutput.class).build());
    assertThat(r.succeeded()).isTrue();

    List<String> names;
    try (Stream<Path> s = Files.list(out)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(names)
        .containsExactly("_SUCCESS", "part-r-00000.gz", "part-r-00001.gz", "part-r-00002.gz");
    Map<String, Long> expected = count(text);
    assertThat(asCounts(JobOutput.records(out))).isEqualTo(expected);

    // The compressed parts are a next job's input: each line "word<TAB>n" has one word, "word\tn".
    Path next = dir.resolve("next");
    JobResult r2 = run(wordCount("chained", next).input(out).build());
    assertThat(r2.succeeded()).isTrue();
    List<String> once = new ArrayList<>();
    expected.forEach((w, n) -> once.add(w + "\t" + n + "\t1"));
    assertThat(JobOutput.lines(next)).containsExactlyInAnyOrderElementsOf(once);
  }

  @Test
  void wholeFilesGivesEachMapperOneFileWhateverItsSize() throws Exception {
    Path in = dir.resolve("docs");
    Files.createDirectories(in);
    Map<String, String> expected = new TreeMap<>();
    Random r = new Random(3);
    for (int i = 0; i < 7; i++) {
      byte[] content = new byte[r.nextInt(20_000)];
      int as = 0;
      for (int j = 0; j < content.length; j++) {
        content[j] = (byte) ('a' + r.nextInt(3));
        as += content[j] == 'a' ? 1 : 0;
      }
      Files.write(in.resolve("doc" + i + ".bin"), content);
      expected.put("doc" + i + ".bin", content.length + " " + as);
    }
    Path out = dir.resolve("out");
    Job job =
        Job.builder("sizes")
            .input(in)
            .output(out)
            .inputFormat(WholeFiles.class)
            .mapper(FileSizes.class)
            .reducer(FirstString.class)
            .splitSize(1024)
            .build();
    JobResult result = run(job);
    assertThat(result.succeeded()).isTrue();
    assertThat(mapTasks(result)).isEqualTo(7);
    Map<String, String> actual = new TreeMap<>();
    JobOutput.records(out).forEach(e -> actual.put(e.getKey(), e.getValue()));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void aMapperThatCannotTakeWhatTheFormatReadsIsRefusedWhenTheJobIsBuilt() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "a b\n");
    assertThatThrownBy(
            () ->
                wordCount("wrong-format", dir.resolve("o"))
                    .input(in)
                    .inputFormat(WholeFiles.class)
                    .build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(WholeFiles.class.getName())
        .hasMessageContaining(Words.class.getName())
        .hasMessageContaining(".inputFormat(");
    assertThatThrownBy(
            () ->
                Job.builder("lines-to-files")
                    .inputLines(List.of("x"))
                    .output(dir.resolve("o"))
                    .inputFormat(WholeFiles.class)
                    .mapper(FileSizes.class)
                    .reducer(FirstString.class)
                    .build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("in-memory input lines");
  }

  @Test
  void inMemoryLinesAreMappedLikeAFileOfThem() throws Exception {
    String text = text(4, 3_000);
    List<String> lines = new ArrayList<>(List.of(text.split("\n")));
    lines.replaceAll(String::strip);
    Path out = dir.resolve("out");
    JobResult result = run(wordCount("memory", out).inputLines(lines).splitSize(2000).build());
    assertThat(result.succeeded()).isTrue();
    assertThat(mapTasks(result)).isGreaterThan(3);
    assertThat(asCounts(JobOutput.records(out))).isEqualTo(count(text));
  }

  @Test
  void compressedInputTheEngineCannotReadIsRefusedByName() throws Exception {
    Path bz = dir.resolve("data.txt.bz2");
    Files.write(bz, new byte[] {'B', 'Z', 'h', '9'});
    assertThatThrownBy(() -> run(wordCount("bz2", dir.resolve("o1")).input(bz).build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("data.txt.bz2")
        .hasMessageContaining("bzip2");

    Path misnamed = dir.resolve("data.txt");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(gz)) {
      o.write("a b c\n".getBytes(StandardCharsets.UTF_8));
    }
    Files.write(misnamed, gz.toByteArray());
    assertThatThrownBy(() -> run(wordCount("misnamed", dir.resolve("o2")).input(misnamed).build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("gzip")
        .hasMessageContaining(misnamed.getFileName().toString());
    assertThat(dir.resolve("o1")).doesNotExist();
    assertThat(dir.resolve("o2")).doesNotExist();
  }
}
