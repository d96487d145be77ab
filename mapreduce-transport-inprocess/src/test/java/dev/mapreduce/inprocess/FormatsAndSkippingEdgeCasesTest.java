package dev.mapreduce.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobOutput;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.format.GzipTextOutput;
import dev.mapreduce.core.format.KeyValueLines;
import dev.mapreduce.core.format.WholeFiles;
import dev.mapreduce.inprocess.TestJobs.Sum;
import dev.mapreduce.inprocess.TestJobs.Words;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile inputs for formats, skipped records and commits: each once a reproduced defect. */
class FormatsAndSkippingEdgeCasesTest {
  @TempDir Path dir;

  /**
   * Throws on lines starting with "BAD", quoting the first 5 chars of the line in its message, as a
   * user would ("bad: " + line.substring(0, 5)); that may cut an emoji's surrogate pair.
   */
  public static final class QuotingFragileWords implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      if (line.startsWith("BAD")) {
        throw new IllegalArgumentException("cannot parse: " + line.substring(0, 5));
      }
      new Words().map(offset, line, out);
    }
  }

  /** Counts lines per "country", the counter name cut from the line's first 5 chars. */
  public static final class CountryCounter implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      out.counter("country." + line.substring(0, Math.min(5, line.length()))).increment();
      out.emit(line, 1L);
    }
  }

  public static final class FileSizes implements Mapper<Path, byte[], String, Long> {
    @Override
    public void map(Path file, byte[] content, Emitter<String, Long> out) {
      out.emit(file.getFileName().toString(), (long) content.length);
    }
  }

  public static final class FirstLong implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
      out.emit(key, values.iterator().next());
    }
  }

  public static final class Identity implements Mapper<String, String, String, String> {
    @Override
    public void map(String key, String value, Emitter<String, String> out) {
      out.emit(key, value);
    }
  }

  public static final class IdentityReducer implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String key, Iterable<String> values, Emitter<String, String> out) {
      for (String v : values) {
        out.emit(key, v);
      }
    }
  }

  /** Emits one pair whose key holds a tab and whose value holds a newline. */
  public static final class TabbyKeys implements Mapper<Long, String, String, String> {
    @Override
    public void map(Long index, String line, Emitter<String, String> out) {
      out.emit("user\t42", "Alice\nSmith");
    }
  }

  /** Emits nothing at all. */
  public static final class Nothing implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {}
  }

  /** Throws on lines holding POISON. */
  public static final class Poisoned implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      if (line.contains("POISON")) {
        throw new IllegalStateException("poison at " + offset);
      }
      new Words().map(offset, line, out);
    }
  }

  private static JobResult run(Job job) {
    return InProcessCluster.builder().workers(2).build().run(job);
  }

  private static Map<String, String> records(Path out) throws Exception {
    Map<String, String> m = new TreeMap<>();
    JobOutput.records(out).forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  // ---------------------------------------------------------------------------------------------
  // _SUCCESS is written with Files.writeString, which refuses a lone surrogate: a skipped record
  // whose error message holds half an emoji fails a job whose every task succeeded.

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aSkippedRecordWhoseErrorHoldsHalfAnEmojiStillCommitsTheJob() throws Exception {
    Path out = dir.resolve("out");
    Job job =
        Job.builder("emoji")
            .inputLines(List.of("a b", "BADx\uD83D\uDE00 rest", "c d"))
            .output(out)
            .mapper(QuotingFragileWords.class)
            .reducer(Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .skipBadRecords(5)
            .build();
    JobResult r = run(job);
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(out.resolve("_SUCCESS")).exists();
    assertThat(r.skippedRecords()).hasSize(1);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aUserCounterNamedWithHalfAnEmojiDoesNotFailTheCommittedJob() throws Exception {
    Path out = dir.resolve("out");
    Job job =
        Job.builder("emoji-counter")
            .inputLines(List.of("abc", "FR\uD83C\uDDEB\uD83C\uDDF7"))
            .output(out)
            .mapper(CountryCounter.class)
            .reducer(Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .build();
    JobResult r = run(job);
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(out.resolve("_SUCCESS")).exists();
  }

  // ---------------------------------------------------------------------------------------------
  // WholeFiles: "one record per file", but an empty file gives no split and so no record.

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void wholeFilesGivesAnEmptyFileItsRecordToo() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("full.txt"), "aaa");
    Files.writeString(in.resolve("empty.txt"), "");
    Path out = dir.resolve("out");
    JobResult r =
        run(
            Job.builder("sizes")
                .input(in)
                .inputFormat(WholeFiles.class)
                .output(out)
                .mapper(FileSizes.class)
                .reducer(FirstLong.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .build());
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(records(out)).containsEntry("full.txt", "3").containsEntry("empty.txt", "0");
  }

  // ---------------------------------------------------------------------------------------------
  // Corrupt gzip: the job should fail cleanly, naming the file, and leave no part.

  private static byte[] gzipBytes(String text) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(b)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  private static String manyLines(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("w").append(i % 97).append(" x").append(i % 13).append('\n');
    }
    return s.toString();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTruncatedGzipFailsTheJobWithAMessageNamingTheFile() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("good.txt"), "a b c\n");
    byte[] gz = gzipBytes(manyLines(50_000));
    Files.write(in.resolve("broken.gz"), Arrays.copyOf(gz, gz.length / 2));
    Path out = dir.resolve("out");
    JobResult r =
        run(
            Job.builder("truncated")
                .input(in)
                .output(out)
                .mapper(Words.class)
                .reducer(Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .maxAttempts(2)
                .build());
    assertThat(r.succeeded()).isFalse();
    try (var parts = Files.list(out)) {
      assertThat(parts.filter(p -> p.getFileName().toString().startsWith("part-"))).isEmpty();
    }
    assertThat(r.failureReason().orElse("")).contains("broken.gz");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void gzipEdgeCasesCountLikeTheirPlainText() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    // Concatenated members, an upper-case name, an empty file named .gz, a gzip of nothing.
    ByteArrayOutputStream concat = new ByteArrayOutputStream();
    concat.write(gzipBytes("a b\n"));
    concat.write(gzipBytes("c d\n"));
    Files.write(in.resolve("concat.gz"), concat.toByteArray());
    Files.write(in.resolve("UPPER.GZ"), gzipBytes("a\n"));
    Files.write(in.resolve("zero.gz"), new byte[0]);
    Files.write(in.resolve("nothing.gz"), gzipBytes(""));
    Files.writeString(in.resolve("plain.txt"), "d");
    Path out = dir.resolve("out");
    JobResult r =
        run(
            Job.builder("gzips")
                .input(in)
                .output(out)
                .mapper(Words.class)
                .reducer(Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .build());
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(records(out)).isEqualTo(Map.of("a", "2", "b", "1", "c", "1", "d", "2"));
  }

  // ---------------------------------------------------------------------------------------------
  // In-memory lines are "mapped as TextLines maps a file": a '\r' before the end stays.

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void inMemoryLinesWithALineBreakAreRefusedRatherThanMappedOtherwiseThanAFile() {
    for (List<String> lines : List.of(List.of("a b\r"), List.of("ok", "c\nd"))) {
      assertThatThrownBy(
              () ->
                  Job.builder("crlf-mem")
                      .inputLines(lines)
                      .output(dir.resolve("fromMemory"))
                      .mapper(Words.class)
                      .reducer(Sum.class)
                      .mapOutput(StringCodec.class, LongCodec.class)
                      .build())
          .isInstanceOf(InvalidJobException.class)
          .hasMessageContaining("input line " + (lines.size() - 1))
          .hasMessageContaining("line break");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // No map task at all: an input that holds only empty files, and an in-memory list that is empty.

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aJobWhoseInputHasNoRecordsSucceedsWithEmptyOutput() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("empty.txt"), "");
    Path out = dir.resolve("out");
    JobResult r =
        run(
            Job.builder("empty")
                .input(in)
                .output(out)
                .mapper(Words.class)
                .reducer(Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .build());
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(JobOutput.lines(out)).isEmpty();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anEmptyInMemoryListIsNoInputAndFailsOrSucceedsCleanly() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("f.txt"), "a\n");
    Path out = dir.resolve("out");
    JobResult r =
        run(
            Job.builder("empty-mem")
                .input(in)
                .inputLines(List.of("", "", "b"))
                .output(out)
                .mapper(Words.class)
                .reducer(Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .splitSize(1)
                .build());
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(records(out)).isEqualTo(Map.of("a", "1", "b", "1"));
    assertThat(r.counter(Counters.MAP_INPUT_RECORDS)).isEqualTo(4);
  }

  // ---------------------------------------------------------------------------------------------
  // Skipping: limit exactly reached, maxAttempts 1, the record in the last in-memory split, and
  // the counters of a job that skipped.

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void skippingWithTheLimitExactlyReachedAndMaxAttemptsOne() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add(i == 7 || i == 199 ? "POISON " + i : "w" + (i % 5));
    }
    Path out = dir.resolve("out");
    JobResult r =
        run(
            Job.builder("skip-exact")
                .inputLines(lines)
                .output(out)
                .mapper(Poisoned.class)
                .reducer(Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .splitSize(100)
                .maxAttempts(1)
                .speculative(false)
                .skipBadRecords(2)
                .build());
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(r.counter(Counters.SKIPPED_RECORDS)).isEqualTo(2);
    assertThat(r.counter(Counters.MAP_INPUT_RECORDS)).isEqualTo(198);
    assertThat(r.skippedRecords()).hasSize(2).allMatch(s -> s.file().isEmpty());
    long total = 0;
    for (String v : records(out).values()) {
      total += Long.parseLong(v);
    }
    assertThat(total).isEqualTo(198);
  }

  // ---------------------------------------------------------------------------------------------
  // Pipeline-ish: gzip output read by a next job through KeyValueLines.

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void gzipOutputFeedsKeyValueLines() throws Exception {
    Path first = dir.resolve("first");
    JobResult r1 =
        run(
            Job.builder("gz-out")
                .inputLines(List.of("a b", "b"))
                .output(first)
                .mapper(Words.class)
                .reducer(Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .outputFormat(GzipTextOutput.class)
                .reduceTasks(2)
                .build());
    assertThat(r1.succeeded()).isTrue();
    Path second = dir.resolve("second");
    JobResult r2 =
        run(
            Job.builder("kv")
                .input(first)
                .inputFormat(KeyValueLines.class)
                .output(second)
                .mapper(Identity.class)
                .reducer(IdentityReducer.class)
                .build());
    assertThat(r2.succeeded()).as(r2.failureReason().orElse("")).isTrue();
    assertThat(records(second)).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  /** Emits ("k", "x\ry"): a value holding a bare carriage return. */
  public static final class CarriageReturnValue implements Mapper<Long, String, String, String> {
    @Override
    public void map(Long index, String line, Emitter<String, String> out) {
      out.emit("k", "x\ry");
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void jobOutputReadsAValueWithABareCarriageReturnAsKeyValueLinesDoes() throws Exception {
    Path first = dir.resolve("first");
    JobResult r1 =
        run(
            Job.builder("cr")
                .inputLines(List.of("x"))
                .output(first)
                .mapper(CarriageReturnValue.class)
                .reducer(IdentityReducer.class)
                .build());
    assertThat(r1.succeeded()).isTrue();
    Path second = dir.resolve("second");
    JobResult r2 =
        run(
            Job.builder("cr-kv")
                .input(first)
                .inputFormat(KeyValueLines.class)
                .output(second)
                .mapper(Identity.class)
                .reducer(IdentityReducer.class)
                .build());
    assertThat(r2.succeeded()).isTrue();
    // KeyValueLines reads one record ("k", "x\ry"); JobOutput.records should agree with it.
    assertThat(r2.counter(Counters.MAP_INPUT_RECORDS)).isEqualTo(1);
    assertThat(JobOutput.records(first)).containsExactly(Map.entry("k", "x\ry"));
  }

  /** Recurses without end on lines holding DEEP. */
  public static final class Deep implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      if (line.contains("DEEP")) {
        recurse(0);
      }
      new Words().map(offset, line, out);
    }

    private static int recurse(int n) {
      return recurse(n + 1) + 1;
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aStackOverflowOnARecordIsSkipped() throws Exception {
    Path out = dir.resolve("out");
    JobResult r =
        run(
            Job.builder("deep")
                .inputLines(List.of("a", "DEEP", "b"))
                .output(out)
                .mapper(Deep.class)
                .reducer(Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .skipBadRecords(1)
                .build());
    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(records(out)).isEqualTo(Map.of("a", "1", "b", "1"));
  }
}
