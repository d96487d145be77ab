package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.inprocess.TestJobs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Lets tests in other packages reuse the simulation's test job. */
public final class SimJobsAccess {
  private SimJobsAccess() {}

  public static Path writeInput(Path dir, int files, int lines) throws IOException {
    return SimJobs.writeInput(dir, files, lines);
  }

  public static Map<String, Long> reference(Path input) throws IOException {
    return SimJobs.reference(input);
  }

  public static Map<String, Long> output(Path out) throws IOException {
    return SimJobs.output(out);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Class<? extends Mapper<?, ?, ?, ?>> mapper() {
    return (Class) TestJobs.Words.class;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Class<? extends Reducer<?, ?, ?, ?>> reducer() {
    return (Class) TestJobs.Sum.class;
  }
}
