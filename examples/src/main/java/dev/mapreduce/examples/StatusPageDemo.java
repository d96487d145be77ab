package dev.mapreduce.examples;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.worker.WorkerHooks;
import dev.mapreduce.inprocess.InProcessCluster;
import dev.mapreduce.status.StatusHttpServer;
import java.nio.file.Path;

/**
 * A paced word count on 3 embedded workers, one of which crashes mid-map, with the status page on a
 * port: what {@code scripts/screenshot-status.sh} photographs. Arguments: INPUT OUTPUT PORT.
 */
public final class StatusPageDemo {
  private StatusPageDemo() {}

  public static void main(String[] args) throws Exception {
    Job job =
        new WordCount()
            .configure(Job.builder("wordcount").input(Path.of(args[0])).output(Path.of(args[1])))
            .reduceTasks(3)
            .splitSize(256 * 1024)
            .set(WordCount.PAUSE_MICROS_PER_LINE, "400")
            .build();
    InProcessCluster cluster =
        InProcessCluster.builder()
            .workers(3)
            .timings(Timings.defaults().scaledDown(5))
            .crashAt("worker2", WorkerHooks.Point.MID_MAP)
            .build();
    try (InProcessCluster.RunningJob running = cluster.start(job);
        StatusHttpServer http =
            StatusHttpServer.start("127.0.0.1", Integer.parseInt(args[2]), running::status)) {
      System.out.println(Summary.render(running.result().join()));
    }
  }
}
