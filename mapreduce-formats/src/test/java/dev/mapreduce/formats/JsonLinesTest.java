package dev.mapreduce.formats;

import static dev.mapreduce.formats.TestJobs.counts;
import static dev.mapreduce.formats.TestJobs.mapTasks;
import static dev.mapreduce.formats.TestJobs.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.StringCodec;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines, plain and gzip, against counts and offsets known when the lines were written. */
class JsonLinesTest {
  @TempDir Path dir;

  private static final String[] TYPES = {"click", "view", "buy", "say \"hi\"", "ünïcödé ✓"};

  /**
   * Counts each event type, the Java class of each "n", the VIP users, the null notes and the
   * objects that refuse changes; emits each id's key (its line's offset).
   */
  public static final class Events implements Mapper<Long, Map<String, Object>, String, Long> {
    @Override
    public void map(Long offset, Map<String, Object> event, Emitter<String, Long> out) {
      out.emit("type " + event.get("type"), 1L);
      out.emit("n is " + event.get("n").getClass().getSimpleName(), 1L);
      @SuppressWarnings("unchecked")
      Map<String, Object> user = (Map<String, Object>) event.get("user");
      if (Boolean.TRUE.equals(user.get("vip"))) {
        out.emit("vip", 1L);
      }
      if (event.containsKey("note") && event.get("note") == null) {
        out.emit("null note", 1L);
      }
      List<?> tags = (List<?>) event.get("tags");
      out.emit("tags", (long) tags.size());
      if (refusesChange(() -> event.put("x", 1))
          && refusesChange(() -> user.remove("vip"))
          && refusesChange(() -> tags.clear())) {
        out.emit("unmodifiable", 1L);
      }
      out.emit("id " + event.get("id"), offset);
    }

    private static boolean refusesChange(Runnable change) {
      try {
        change.run();
        return false;
      } catch (UnsupportedOperationException expected) {
        return true;
      }
    }
  }

  /** Lines of events (with blank lines between), filling {@code expected} as it writes them. */
  private static String events(int n, Map<String, Long> expected) {
    Random r = new Random(5);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i % 40 == 7) {
        b.append(i % 80 == 7 ? "\n" : "  \t \n");
      }
      expected.put("id " + i, (long) b.toString().getBytes(StandardCharsets.UTF_8).length);
      String type = TYPES[r.nextInt(TYPES.length)];
      expected.merge("type " + type, 1L, Long::sum);
      String number;
      switch (i % 4) {
        case 0:
          number = Integer.toString(i);
          expected.merge("n is Integer", 1L, Long::sum);
          break;
        case 1:
          number = Long.toString(3_000_000_000L + i);
          expected.merge("n is Long", 1L, Long::sum);
          break;
        case 2:
          number = "123456789012345678901234" + i;
          expected.merge("n is BigInteger", 1L, Long::sum);
          break;
        default:
          number = i + ".5e1";
          expected.merge("n is Double", 1L, Long::sum);
      }
      boolean vip = r.nextInt(3) == 0;
      if (vip) {
        expected.merge("vip", 1L, Long::sum);
      }
      int tags = r.nextInt(4);
      expected.merge("tags", (long) tags, Long::sum);
      StringBuilder tagList = new StringBuilder();
      for (int t = 0; t < tags; t++) {
        tagList.append(t == 0 ? "" : ", ").append("\"t").append(t).append('"');
      }
      boolean nullNote = i % 5 == 0;
      if (nullNote) {
        expected.merge("null note", 1L, Long::sum);
      }
      b.append("{\"id\": ")
          .append(i)
          .append(", \"type\": \"")
          .append(type.replace("\"", "\\\""))
          .append("\", \"n\": ")
          .append(number)
          .append(", \"user\": {\"name\": \"u")
          .append(r.nextInt(50))
          .append("\", \"vip\": ")
          .append(vip)
          .append("}, \"tags\": [")
          .append(tagList)
          .append("]")
          .append(nullNote ? ", \"note\": null" : ", \"note\": \"ok\"")
          .append(i % 9 == 0 ? "}\r\n" : "}\n");
    }
    expected.put("unmodifiable", (long) n);
    return b.toString();
  }

  private Job job(String name, Path in, Path out) {
    return Job.builder(name)
        .input(in)
        .output(out)
        .inputFormat(JsonLines.class)
        .mapper(Events.class)
        .reducer(TestJobs.Sum.class)
        .mapOutput(StringCodec.class, LongCodec.class)
        .reduceTasks(3)
        .splitSize(8 * 1024)
        .maxAttempts(1)
        .build();
  }

  @Test
  void countsPerFieldValueMatchTheLinesWrittenPlainAndGzipped() throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    String text = events(3_000, expected);
    Path plain = dir.resolve("plain/events.jsonl");
    Path gz = dir.resolve("gz/events.jsonl.gz");
    Files.createDirectories(plain.getParent());
    Files.createDirectories(gz.getParent());
    Files.writeString(plain, text);
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }

    JobResult fromPlain = run(job("json", plain.getParent(), dir.resolve("out-plain")));
    JobResult fromGz = run(job("json-gz", gz.getParent(), dir.resolve("out-gz")));

    assertThat(fromPlain.succeeded()).as(fromPlain.toString()).isTrue();
    assertThat(fromGz.succeeded()).as(fromGz.toString()).isTrue();
    assertThat(counts(dir.resolve("out-plain"))).isEqualTo(expected);
    assertThat(counts(dir.resolve("out-gz"))).isEqualTo(expected);
    assertThat(mapTasks(fromPlain)).as("split like text").isGreaterThan(10);
    assertThat(mapTasks(fromGz)).as("gzip is read whole").isEqualTo(1);
  }

  @Test
  void aLineThatIsNotAJsonObjectFailsTheJobNamingFileOffsetAndLine() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    // {"id"...} is 69 bytes with its '\n', the blank line one more: the array starts at byte 70.
    String good =
        "{\"id\": 1, \"type\": \"a\", \"n\": 1, \"user\": {}, \"tags\": [], \"note\": null}\n";
    assertThat(good.length()).isEqualTo(69);
    Files.writeString(in.resolve("events.jsonl"), good + "\n[1, 2, 3]\n" + good);
    JobResult array = run(job("json-array", in, dir.resolve("out1")));

    assertThat(array.succeeded()).isFalse();
    assertThat(array.failureReason().orElseThrow())
        .contains("events.jsonl")
        .contains("byte offset 70")
        .contains("not a JSON object")
        .contains("[1, 2, 3]");
    assertThat(dir.resolve("out1/_SUCCESS")).doesNotExist();

    Files.writeString(in.resolve("events.jsonl"), good + good + "{\"id\": 3, \"type\": tru}\n");
    JobResult broken = run(job("json-broken", in, dir.resolve("out2")));

    assertThat(broken.succeeded()).isFalse();
    assertThat(broken.failureReason().orElseThrow())
        .contains("events.jsonl")
        .contains("byte offset 138")
        .contains("invalid JSON")
        .contains("{\"id\": 3, \"type\": tru}");
    assertThat(dir.resolve("out2/_SUCCESS")).doesNotExist();
  }
}
