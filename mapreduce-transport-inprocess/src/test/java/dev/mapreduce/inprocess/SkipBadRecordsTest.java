package dev.mapreduce.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobOutput;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.inprocess.TestJobs.Sum;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper's section 3.6: records a mapper always fails on are skipped, counted and named. */
class SkipBadRecordsTest {
  @TempDir Path dir;

  /** Counts words; throws on any line holding POISON, as a deterministic bug would. */
  public static final class FragileWords implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      if (line.contains("POISON")) {
        throw new IllegalArgumentException("cannot parse '" + line + "'");
      }
      for (String w : line.split(" ")) {
        if (!w.isEmpty()) {
          out.emit(w, 1L);
        }
      }
    }
  }

  /** The input, with the byte offsets of its poisoned lines, built without the engine. */
  private record Input(Path file, Map<String, Long> cleanCounts, List<Long> poisonOffsets) {}

  private Input input(int lines, int... poisonedLines) throws Exception {
    Random r = new Random(5);
    StringBuilder text = new StringBuilder();
    Map<String, Long> counts = new TreeMap<>();
    List<Long> offsets = new ArrayList<>();
    List<Integer> poisoned = new ArrayList<>();
    for (int p : poisonedLines) {
      poisoned.add(p);
    }
    for (int i = 0; i < lines; i++) {
      long offset = text.toString().getBytes(StandardCharsets.UTF_8).length;
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < 6; j++) {
        line.append("w").append(r.nextInt(50)).append(' ');
      }
      if (poisoned.contains(i)) {
        line.append("POISON");
        offsets.add(offset);
      } else {
        for (String w : line.toString().split(" ")) {
          if (!w.isEmpty()) {
            counts.merge(w, 1L, Long::sum);
          }
        }
      }
      text.append(line).append('\n');
    }
    Path file = dir.resolve("in.txt");
    Files.writeString(file, text);
    return new Input(file, counts, offsets);
  }

  private Job.Builder job(Input in, Path out) {
    return Job.builder("fragile")
        .input(in.file())
        .output(out)
        .mapper(FragileWords.class)
        .reducer(Sum.class)
        .mapOutput(StringCodec.class, LongCodec.class)
        .reduceTasks(2)
        .splitSize(4096)
        .maxAttempts(2);
  }

  private static Map<String, Long> counts(Path out) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    JobOutput.records(out).forEach(e -> m.put(e.getKey(), Long.parseLong(e.getValue())));
    return m;
  }

  @Test
  void poisonedRecordsAreSkippedCountedAndNamedEvenSeveralInOneTask() throws Exception {
    // Lines 3 and 5 share the first split: with maxAttempts(2) that task needs three attempts,
    // so it succeeds only if failures on skipped records do not count as task failures.
    Input in = input(2000, 3, 5, 700, 1999);
    Path out = dir.resolve("out");
    JobResult r =
        InProcessCluster.builder().workers(2).build().run(job(in, out).skipBadRecords(10).build());

    assertThat(r.succeeded()).as(r.failureReason().orElse("")).isTrue();
    assertThat(counts(out)).isEqualTo(in.cleanCounts());
    assertThat(r.counter(Counters.SKIPPED_RECORDS)).isEqualTo(4);
    assertThat(r.skippedRecords()).hasSize(4);
    List<String> named = r.skippedRecords().stream().map(s -> s.record()).toList();
    for (long offset : in.poisonOffsets()) {
      assertThat(named).anyMatch(n -> n.contains("key \"" + offset + "\""));
    }
    assertThat(r.skippedRecords())
        .allMatch(s -> s.file().orElseThrow().equals(in.file().toAbsolutePath()))
        .allMatch(s -> s.error().contains("cannot parse"));
    String success = Files.readString(out.resolve("_SUCCESS"));
    for (long offset : in.poisonOffsets()) {
      assertThat(success).contains("key \\\"" + offset + "\\\"");
    }
  }

  @Test
  void pastTheLimitTheJobFailsAsWithoutSkippingAndLeavesNoOutput() throws Exception {
    Input in = input(2000, 3, 5, 700, 1999);
    Path out = dir.resolve("out");
    JobResult r =
        InProcessCluster.builder().workers(2).build().run(job(in, out).skipBadRecords(2).build());
    assertThat(r.succeeded()).isFalse();
    assertThat(r.failureReason().orElseThrow()).contains("cannot parse");
    assertThat(out.resolve("_SUCCESS")).doesNotExist();
  }

  @Test
  void withoutSkippingABadRecordFailsTheJob() throws Exception {
    Input in = input(500, 100);
    Path out = dir.resolve("out");
    JobResult r = InProcessCluster.builder().workers(2).build().run(job(in, out).build());
    assertThat(r.succeeded()).isFalse();
    assertThat(r.skippedRecords()).isEmpty();
    assertThat(out.resolve("_SUCCESS")).doesNotExist();
  }
}
