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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files with quoted commas, quotes and line breaks, against totals known when written. */
class CsvRecordsTest {
  @TempDir Path dir;

  private static final List<String> HEADER = List.of("order", "customer", "note", "cents");

  private static final String[] CUSTOMERS = {
    "Acme", "Smith, John", "O\"Brien \"Ltd\"", "Two\nLines Inc", "Émile & Co", "  padded  ", ""
  };
  private static final String[] NOTES = {
    "", "rush", "call, then ship", "line1\nline2\n", "says \"hi\", twice", "\"", ",,,"
  };

  /**
   * Total cents per customer, and records per file. Record 0 must be the header and record n the
   * order numbered n, so a wrong record numbering fails the job.
   */
  public static final class OrderTotals implements Mapper<Long, List<String>, String, Long> {
    @Override
    public void map(Long n, List<String> fields, Emitter<String, Long> out) {
      if (n == 0) {
        if (!fields.equals(HEADER)) {
          throw new IllegalStateException("record 0 is not the header: " + fields);
        }
      } else {
        if (fields.size() != 4 || Long.parseLong(fields.get(0)) != n) {
          throw new IllegalStateException("record " + n + " is " + fields);
        }
        out.emit("customer " + fields.get(1).replace("\n", "|"), Long.parseLong(fields.get(3)));
      }
      out.emit("records " + out.task().inputFile().orElseThrow().getFileName(), 1L);
    }
  }

  /** A CSV field as RFC 4180 writes it: quoted when it must be, and sometimes when it need not. */
  private static String field(String value, Random r) {
    boolean must =
        value.contains(",")
            || value.contains("\"")
            || value.contains("\n")
            || value.startsWith(" ");
    if (!must && r.nextInt(4) != 0) {
      return value;
    }
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }

  /** Writes {@code orders} orders; adds each one's cents to {@code totals}. */
  private static String orders(long seed, int orders, String eol, Map<String, Long> totals) {
    Random r = new Random(seed);
    StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append(eol);
    for (int i = 1; i <= orders; i++) {
      String customer = CUSTOMERS[r.nextInt(CUSTOMERS.length)];
      long cents = r.nextInt(100_000);
      totals.merge("customer " + customer.replace("\n", "|"), cents, Long::sum);
      csv.append(i)
          .append(',')
          .append(field(customer, r))
          .append(',')
          .append(field(NOTES[r.nextInt(NOTES.length)], r))
          .append(',')
          .append(cents)
          .append(eol);
      if (i % 97 == 0) {
        csv.append(eol); // an empty line between records is skipped
      }
    }
    return csv.toString();
  }

  @Test
  void quotedFieldsWithCommasQuotesAndLineBreaksTotalAsWritten() throws Exception {
    Path in = dir.resolve("orders");
    Files.createDirectories(in);
    Map<String, Long> expected = new TreeMap<>();
    // RFC 4180 ends records with CRLF; files from Unix end them with LF. One of each.
    Files.writeString(in.resolve("crlf.csv"), orders(1, 700, "\r\n", expected));
    Files.writeString(in.resolve("lf.csv"), "\uFEFF" + orders(2, 500, "\n", expected));
    expected.put("records crlf.csv", 701L);
    expected.put("records lf.csv", 501L);
    assertThat(Files.size(in.resolve("lf.csv"))).isGreaterThan(8 * 1024);

    Path out = dir.resolve("out");
    JobResult result =
        run(
            Job.builder("csv-orders")
                .input(in)
                .output(out)
                .inputFormat(CsvRecords.class)
                .mapper(OrderTotals.class)
                .combiner(TestJobs.Sum.class)
                .reducer(TestJobs.Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .reduceTasks(2)
                .splitSize(1024)
                .build());

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    assertThat(counts(out)).isEqualTo(expected);
    assertThat(mapTasks(result)).as("one map task per file, whatever the split size").isEqualTo(2);
  }

  @Test
  void anUnterminatedQuoteFailsTheJobNamingTheFileAndTheRecord() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(
        in.resolve("bad.csv"),
        String.join(
            "\n",
            "order,customer,note,cents", // record 0, line 1
            "1,Acme,ok,5", // record 1, line 2
            "2,\"Smith, John\",\"two", // record 2, lines 3-4
            "lines\",7",
            "3,\"Acme,never closed,9", // record 3, line 5: the quote runs to the end of the file
            "4,Acme,x,1",
            ""));
    Path out = dir.resolve("out");
    JobResult result =
        run(
            Job.builder("csv-bad")
                .input(in)
                .output(out)
                .inputFormat(CsvRecords.class)
                .mapper(OrderTotals.class)
                .reducer(TestJobs.Sum.class)
                .mapOutput(StringCodec.class, LongCodec.class)
                .maxAttempts(1)
                .build());

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failureReason().orElseThrow())
        .contains("bad.csv")
        .contains("record 3")
        .contains("line 5");
    assertThat(out.resolve("_SUCCESS")).doesNotExist();
  }
}
