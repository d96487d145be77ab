package dev.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobOutput;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Pipeline;
import dev.mapreduce.core.api.PipelineResult;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.format.KeyValueLines;
import dev.mapreduce.inprocess.InProcessCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinPipelineTest {
  @TempDir Path dir;
  private Path users;
  private Path orders;
  private Path output;
  private final InProcessCluster cluster = InProcessCluster.builder().workers(3).build();

  @BeforeEach
  void generate() throws IOException {
    JoinPipeline.generateSample(dir.resolve("data"), 7, 300, 6_000);
    users = dir.resolve("data/users.csv");
    orders = dir.resolve("data/orders.csv");
    output = dir.resolve("top");
  }

  /** The join and sum in plain Java, one pass over each file: country to total cents. */
  private Map<String, Long> totalsByCountry() throws IOException {
    Map<String, String> countryOf = new HashMap<>();
    for (String line : Files.readAllLines(users, StandardCharsets.UTF_8)) {
      String[] f = line.split(",");
      countryOf.put(f[0], f[2]);
    }
    Map<String, Long> totals = new TreeMap<>();
    for (String line : Files.readAllLines(orders, StandardCharsets.UTF_8)) {
      String[] f = line.split(",");
      String country = countryOf.get(f[1]);
      if (country != null) {
        totals.merge(country, Long.parseLong(f[2]), Long::sum);
      }
    }
    return totals;
  }

  private long ordersWithoutUser() throws IOException {
    Map<String, Boolean> known = new HashMap<>();
    for (String line : Files.readAllLines(users, StandardCharsets.UTF_8)) {
      known.put(line.split(",")[0], true);
    }
    return Files.readAllLines(orders, StandardCharsets.UTF_8).stream()
        .filter(l -> !known.containsKey(l.split(",")[1]))
        .count();
  }

  private static List<String> ranked(Map<String, Long> totals, int n) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(totals.entrySet());
    entries.sort(
        (a, b) ->
            a.getValue().equals(b.getValue())
                ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
    return entries.stream().limit(n).map(e -> e.getKey() + "\t" + e.getValue()).toList();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void everyCountrysTotalMatchesAPlainJavaJoin() throws IOException {
    Pipeline pipeline = JoinPipeline.pipeline(users, orders, output, 100);

    PipelineResult result = pipeline.run(cluster);

    assertThat(result.succeeded()).as("%s", result.failureReason()).isTrue();
    Map<String, Long> expected = totalsByCountry();
    assertThat(expected).hasSizeGreaterThan(5);
    assertThat(JobOutput.lines(output)).containsExactlyElementsOf(ranked(expected, 100));
    long orphans = ordersWithoutUser();
    assertThat(orphans).isPositive();
    assertThat(result.stage("join").counter(JoinPipeline.ORPHANS)).isEqualTo(orphans);
    assertThat(result.stages()).extracting(s -> s.name()).containsExactly("join", "sum", "top");
    assertThat(result.intermediatesKept()).isFalse();
    assertThat(pipeline.workDirectory()).doesNotExist();
    assertThat(names(dir)).containsExactly("data", "top");
  }

  @Test
  void keepsOnlyTheTopCountries() throws IOException {
    PipelineResult result = JoinPipeline.pipeline(users, orders, output, 3).run(cluster);

    assertThat(result.succeeded()).as("%s", result.failureReason()).isTrue();
    assertThat(JobOutput.lines(output)).containsExactlyElementsOf(ranked(totalsByCountry(), 3));
  }

  /** Stage 2's mapper, broken: it throws on one country's records. */
  public static final class FailsOnGermany implements Mapper<String, String, String, Long> {
    @Override
    public void map(String country, String amount, Emitter<String, Long> out) {
      if (country.equals("DE")) {
        throw new IllegalStateException("cannot handle country DE");
      }
      out.emit(country, Long.parseLong(amount));
    }
  }

  @Test
  void aFailedStageIsNamedItsPredecessorsOutputKeptAndNoFinalOutputLeft() throws IOException {
    Pipeline pipeline =
        Pipeline.builder("broken")
            .output(output)
            .first(
                "join",
                () ->
                    Job.builder("join")
                        .input(users, orders)
                        .mapper(JoinPipeline.TagByFile.class)
                        .reducer(JoinPipeline.OrdersWithCountry.class)
                        .reduceTasks(2))
            .then(
                "sum",
                joined ->
                    Job.builder("sum")
                        .input(joined)
                        .inputFormat(KeyValueLines.class)
                        .mapper(FailsOnGermany.class)
                        .reducer(JoinPipeline.SumCents.class)
                        .mapOutput(StringCodec.class, LongCodec.class)
                        .maxAttempts(2))
            .then(
                "top",
                totals ->
                    Job.builder("top")
                        .input(totals)
                        .inputFormat(KeyValueLines.class)
                        .mapper(JoinPipeline.AllInOneGroup.class)
                        .reducer(JoinPipeline.TopCountries.class))
            .build();

    PipelineResult result = pipeline.run(cluster);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failedStage()).map(s -> s.name()).contains("sum");
    assertThat(result.failureReason().orElseThrow())
        .contains("stage 'sum' (2 of 3)")
        .contains("cannot handle country DE");
    assertThat(result.notRun()).containsExactly("top");
    assertThat(result.intermediatesKept()).isTrue();
    Path joined = pipeline.workDirectory().resolve("stage-1-join");
    assertThat(joined.resolve("_SUCCESS")).exists();
    // The kept join is complete: summed in plain Java it gives the independent totals.
    Map<String, Long> fromKept = new TreeMap<>();
    for (Map.Entry<String, String> e : JobOutput.records(joined)) {
      fromKept.merge(e.getKey(), Long.parseLong(e.getValue()), Long::sum);
    }
    assertThat(fromKept).isEqualTo(totalsByCountry());
    assertThat(pipeline.workDirectory().resolve("stage-2-sum").resolve("_SUCCESS")).doesNotExist();
    assertThat(output).doesNotExist();
  }
}
