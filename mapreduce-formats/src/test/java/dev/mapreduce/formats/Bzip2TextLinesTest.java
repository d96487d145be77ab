package dev.mapreduce.formats;

import static dev.mapreduce.formats.TestJobs.counts;
import static dev.mapreduce.formats.TestJobs.mapTasks;
import static dev.mapreduce.formats.TestJobs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobOutput;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bzip2 text against its plain copy and against counts and lines computed here. */
class Bzip2TextLinesTest {
  @TempDir Path dir;

  public static final class Words implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      for (String w : line.split(" ")) {
        if (!w.isEmpty()) {
          out.emit(w, 1L);
        }
      }
    }
  }

  /** Each line under its offset, with its length in brackets so that lost '\r's would show. */
  public static final class Lines implements Mapper<Long, String, String, String> {
    @Override
    public void map(Long offset, String line, Emitter<String, String> out) {
      out.emit(Long.toString(offset), "[" + line + "]");
    }
  }

  public static final class Only implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String key, Iterable<String> values, Emitter<String, String> out) {
      out.emit(key, String.join("+", values));
    }
  }

  /** Words, some lines ending in "\r\n", some empty, multi-byte UTF-8, no final '\n'. */
  private static String text(int lines) {
    Random r = new Random(7);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      int n = r.nextInt(10);
      for (int j = 0; j < n; j++) {
        b.append(j % 5 == 4 ? "größe" : "w" + (int) Math.sqrt(r.nextInt(10_000))).append(' ');
      }
      b.append(i % 7 == 0 ? "\r\n" : "\n");
    }
    return b.append("last line without newline").toString();
  }

  /** The word counts, computed without the engine. */
  private static Map<String, Long> wordCounts(String text) {
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

  /** Each line's UTF-8 byte offset and the line without "\n" or "\r\n", computed by hand. */
  private static Map<String, String> linesByOffset(String text) {
    Map<String, String> lines = new TreeMap<>();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i == bytes.length && i == start) {
          break;
        }
        int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        lines.put(
            Integer.toString(start),
            "[" + new String(bytes, start, end - start, StandardCharsets.UTF_8) + "]");
        start = i + 1;
      }
    }
    return lines;
  }

  /** Two bzip2 streams one after the other, cut in the middle of a line, as pbzip2 writes. */
  private static void bzip2(String text, Path to) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int cut = bytes.length / 2 + 3;
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (byte[] part :
        new byte[][] {
          Arrays.copyOfRange(bytes, 0, cut), Arrays.copyOfRange(bytes, cut, bytes.length)
        }) {
      try (OutputStream o = new BZip2CompressorOutputStream(new NoClose(file))) {
        o.write(part);
      }
    }
    Files.write(to, file.toByteArray());
  }

  private static final class NoClose extends java.io.FilterOutputStream {
    NoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private Job.Builder wordCount(String name, Path in, Path out) {
    return Job.builder(name)
        .input(in)
        .output(out)
        .inputFormat(Bzip2TextLines.class)
        .mapper(Words.class)
        .combiner(TestJobs.Sum.class)
        .reducer(TestJobs.Sum.class)
        .mapOutput(StringCodec.class, LongCodec.class)
        .reduceTasks(3)
        .splitSize(4096);
  }

  private Job.Builder lines(String name, Path in, Path out) {
    return Job.builder(name)
        .input(in)
        .output(out)
        .inputFormat(Bzip2TextLines.class)
        .mapper(Lines.class)
        .reducer(Only.class)
        .reduceTasks(2)
        .splitSize(4096);
  }

  @Test
  void aBzip2FileCountsAsItsPlainCopyAndIsReadWhole() throws Exception {
    String text = text(20_000);
    Path plain = dir.resolve("plain/words.txt");
    Path bz2 = dir.resolve("bz2/words.txt.bz2");
    Files.createDirectories(plain.getParent());
    Files.createDirectories(bz2.getParent());
    Files.writeString(plain, text);
    bzip2(text, bz2);
    assertThat(Files.size(bz2)).as("several splits' worth, compressed").isGreaterThan(4 * 4096);

    JobResult fromPlain =
        run(wordCount("plain", plain.getParent(), dir.resolve("c-plain")).build());
    JobResult fromBz2 = run(wordCount("bz2", bz2.getParent(), dir.resolve("c-bz2")).build());

    assertThat(fromPlain.succeeded()).as(fromPlain.toString()).isTrue();
    assertThat(fromBz2.succeeded()).as(fromBz2.toString()).isTrue();
    Map<String, Long> expected = wordCounts(text);
    assertThat(counts(dir.resolve("c-plain"))).isEqualTo(expected);
    assertThat(counts(dir.resolve("c-bz2"))).isEqualTo(expected);
    assertThat(mapTasks(fromPlain)).as("plain text is split").isGreaterThan(1);
    assertThat(mapTasks(fromBz2)).as("bzip2 is read whole").isEqualTo(1);
  }

  @Test
  void bzip2LinesAndOffsetsAreTheUncompressedTextsLines() throws Exception {
    String text = text(3_000);
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    bzip2(text, in.resolve("t.bz2"));
    JobResult result = run(lines("lines", in, dir.resolve("out")).build());

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    Map<String, String> actual = new TreeMap<>();
    JobOutput.records(dir.resolve("out")).forEach(e -> actual.put(e.getKey(), e.getValue()));
    assertThat(actual).isEqualTo(linesByOffset(text));
  }

  @Test
  void aFileNamedBz2ThatIsNotBzip2IsRefusedBeforeTheJobStarts() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("data.txt.bz2"), "plain text, not compressed\n");

    assertThatThrownBy(() -> run(wordCount("not-bz2", in, dir.resolve("out")).build()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("data.txt.bz2")
        .hasMessageContaining("not bzip2 data");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
