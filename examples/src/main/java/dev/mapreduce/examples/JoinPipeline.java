package dev.mapreduce.examples;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobOutput;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Pipeline;
import dev.mapreduce.core.api.PipelineResult;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.format.KeyValueLines;
import dev.mapreduce.inprocess.InProcessCluster;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A reduce-side join as a three-stage {@link Pipeline}: which countries' users spent most?
 *
 * <ol>
 *   <li>{@code join}: {@code users.csv} ({@code userId,name,country}) and {@code orders.csv}
 *       ({@code orderId,userId,amountCents}), both without a header line, meet at the user id; each
 *       order comes out as {@code country<TAB>amountCents}. Orders of an unknown user are dropped
 *       and counted ({@value #ORPHANS}).
 *   <li>{@code sum}: the total per country, {@code country<TAB>totalCents}.
 *   <li>{@code top}: the N countries with the largest totals (N is the job setting {@value
 *       #TOP_SETTING}, default 5), largest first, ties by country name: {@code
 *       country<TAB>totalCents}.
 * </ol>
 */
public final class JoinPipeline {
  /** The job setting holding how many countries stage {@code top} keeps. */
  public static final String TOP_SETTING = "join.top";

  /** The counter of orders whose user id is not in {@code users.csv}. */
  public static final String ORPHANS = "orders.without.user";

  private JoinPipeline() {}

  /**
   * The pipeline over {@code users} and {@code orders}, writing the top {@code top} countries to
   * {@code output}.
   */
  public static Pipeline pipeline(Path users, Path orders, Path output, int top) {
    return Pipeline.builder("top-countries")
        .output(output)
        .first(
            "join",
            () ->
                Job.builder("join-orders-to-users")
                    .input(users, orders)
                    .mapper(TagByFile.class)
                    .reducer(OrdersWithCountry.class)
                    .reduceTasks(3))
        .then(
            "sum",
            joined ->
                Job.builder("sum-per-country")
                    .input(joined)
                    .inputFormat(KeyValueLines.class)
                    .mapper(CountryAmount.class)
                    .combiner(SumCents.class)
                    .reducer(SumCents.class)
                    .mapOutput(StringCodec.class, LongCodec.class)
                    .reduceTasks(3))
        .then(
            "top",
            totals ->
                Job.builder("top-countries")
                    .input(totals)
                    .inputFormat(KeyValueLines.class)
                    .mapper(AllInOneGroup.class)
                    .reducer(TopCountries.class)
                    .set(TOP_SETTING, Integer.toString(top)))
        .build();
  }

  /**
   * Stage 1's mapper: tells the two files apart by name and keys every record by user id; the value
   * is tagged "U" (the user's country) or "O" (an order's amount).
   */
  public static final class TagByFile implements Mapper<Long, String, String, String> {
    @Override
    public void map(Long offset, String line, Emitter<String, String> out) {
      if (line.isBlank()) {
        return;
      }
      String file = out.task().inputFile().orElseThrow().getFileName().toString();
      String[] f = line.split(",", -1);
      switch (file) {
        case "users.csv" -> out.emit(field(f, 0, 3, line), "U" + field(f, 2, 3, line));
        case "orders.csv" -> {
          // Parsed here, not in stage 2, so that a bad amount names the line it came from.
          long cents = Long.parseLong(field(f, 2, 3, line));
          out.emit(field(f, 1, 3, line), "O" + cents);
        }
        default ->
            throw new IllegalArgumentException(
                "input file " + file + " is neither users.csv nor orders.csv");
      }
    }

    private static String field(String[] fields, int i, int expected, String line) {
      if (fields.length != expected) {
        throw new IllegalArgumentException(
            "expected " + expected + " comma-separated fields, got " + fields.length + ": " + line);
      }
      return fields[i].trim();
    }
  }

  /**
   * Stage 1's reducer: one user id's records; emits (country, amount) for each of its orders. The
   * values arrive in no particular order, so the orders are held until the user's record is seen:
   * one user's orders fit in memory (a secondary sort on the tag would avoid even that).
   */
  public static final class OrdersWithCountry implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String userId, Iterable<String> tagged, Emitter<String, String> out) {
      String country = null;
      List<String> amounts = new ArrayList<>();
      for (String v : tagged) {
        if (v.startsWith("U")) {
          if (country != null) {
            throw new IllegalArgumentException("user id " + userId + " appears twice in users.csv");
          }
          country = v.substring(1);
        } else {
          amounts.add(v.substring(1));
        }
      }
      if (country == null) {
        out.counter(ORPHANS).increment(amounts.size());
        return;
      }
      for (String amount : amounts) {
        out.emit(country, amount);
      }
    }
  }

  /** Stage 2's mapper: stage 1's lines, read as (country, amount) by {@link KeyValueLines}. */
  public static final class CountryAmount implements Mapper<String, String, String, Long> {
    @Override
    public void map(String country, String amount, Emitter<String, Long> out) {
      out.emit(country, Long.parseLong(amount));
    }
  }

  /** Stage 2's combiner and reducer. */
  public static final class SumCents implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String country, Iterable<Long> cents, Emitter<String, Long> out) {
      long sum = 0;
      for (long c : cents) {
        sum = Math.addExact(sum, c);
      }
      out.emit(country, sum);
    }
  }

  /**
   * Stage 3's mapper: every (country, total) to one key, so that one reduce call sees all of them.
   * There is one line per country, so that one call holds little.
   */
  public static final class AllInOneGroup implements Mapper<String, String, String, String> {
    @Override
    public void map(String country, String total, Emitter<String, String> out) {
      out.emit("all", country + "\t" + total);
    }
  }

  /** Stage 3's reducer: the largest totals, largest first, ties by country name. */
  public static final class TopCountries implements Reducer<String, String, String, Long> {
    @Override
    public void reduce(String all, Iterable<String> totals, Emitter<String, Long> out) {
      int top = Integer.parseInt(out.task().configuration().getOrDefault(TOP_SETTING, "5"));
      List<Map.Entry<String, Long>> ranked = new ArrayList<>();
      for (String t : totals) {
        int tab = t.indexOf('\t');
        ranked.add(Map.entry(t.substring(0, tab), Long.parseLong(t.substring(tab + 1))));
      }
      ranked.sort(RANKING);
      ranked.stream().limit(top).forEach(e -> out.emit(e.getKey(), e.getValue()));
    }
  }

  /** Largest total first, then by country name: the order stage 3 writes. */
  public static final Comparator<Map.Entry<String, Long>> RANKING =
      Map.Entry.<String, Long>comparingByValue()
          .reversed()
          .thenComparing(Map.Entry.comparingByKey());

  /**
   * Writes {@code users.csv} and {@code orders.csv} into {@code dir}: {@code users} users in a few
   * countries and {@code orders} orders, about one in fifty of an unknown user, from {@code seed}.
   */
  public static void generateSample(Path dir, long seed, int users, int orders) throws IOException {
    String[] countries = {"BR", "CA", "DE", "FR", "IN", "JP", "KE", "MX", "NO", "US"};
    Random random = new Random(seed);
    Files.createDirectories(dir);
    try (Writer w = Files.newBufferedWriter(dir.resolve("users.csv"), StandardCharsets.UTF_8)) {
      for (int u = 1; u <= users; u++) {
        // Skewed towards the first countries, so that the totals differ.
        String country = countries[Math.min(random.nextInt(countries.length), random.nextInt(12))];
        w.write("u" + u + ",user " + u + "," + country + "\n");
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("orders.csv"), StandardCharsets.UTF_8)) {
      for (int o = 1; o <= orders; o++) {
        int user =
            random.nextInt(50) == 0 ? users + 1 + random.nextInt(10) : 1 + random.nextInt(users);
        w.write("o" + o + ",u" + user + "," + (100 + random.nextInt(20_000)) + "\n");
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Generates sample data in a temporary directory, runs the pipeline on 3 workers, prints it. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("join-pipeline-");
    try {
      Path data = dir.resolve("data");
      generateSample(data, 42, 500, 20_000);
      Path output = dir.resolve("top-countries");
      Pipeline pipeline =
          pipeline(data.resolve("users.csv"), data.resolve("orders.csv"), output, 5);
      // One cluster runs every stage.
      PipelineResult result = pipeline.run(InProcessCluster.builder().workers(3).build());
      for (PipelineResult.StageResult s : result.stages()) {
        System.out.printf(
            "stage %-5s %s in %d ms%n",
            s.name(), s.succeeded() ? "succeeded" : "FAILED", s.result().duration().toMillis());
      }
      if (!result.succeeded()) {
        System.err.println("error: " + result.failureReason().orElseThrow());
        System.exit(1);
      }
      System.out.println(
          "orders without a user: "
              + result.stage("join").findCounter(ORPHANS).orElse(0)
              + "; top countries:");
      for (Map.Entry<String, String> e : JobOutput.records(output)) {
        System.out.printf(
            "  %s  %,d.%02d%n",
            e.getKey(), Long.parseLong(e.getValue()) / 100, Long.parseLong(e.getValue()) % 100);
      }
    } finally {
      deleteTree(dir);
    }
  }
}
