package dev.mapreduce.formats;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobOutput;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.inprocess.InProcessCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What the format tests share: the embedded cluster, a summing reducer, reading counts back. */
final class TestJobs {
  private TestJobs() {}

  public static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
      long s = 0;
      for (long v : values) {
        s += v;
      }
      out.emit(key, s);
    }
  }

  static JobResult run(Job job) {
    return InProcessCluster.builder().workers(2).build().run(job);
  }

  static long mapTasks(JobResult r) {
    return r.tasks().stream().filter(t -> t.taskId().startsWith("m-")).count();
  }

  /** The committed output as key to count; a key written twice fails the test. */
  static Map<String, Long> counts(Path output) throws IOException {
    Map<String, Long> m = new TreeMap<>();
    for (Map.Entry<String, String> e : JobOutput.records(output)) {
      if (m.put(e.getKey(), Long.parseLong(e.getValue())) != null) {
        throw new AssertionError("key written twice: " + e.getKey());
      }
    }
    return m;
  }
}
