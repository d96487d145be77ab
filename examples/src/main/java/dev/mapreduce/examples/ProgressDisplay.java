package dev.mapreduce.examples;

import dev.mapreduce.core.coordinator.StatusSnapshot;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a job's progress while it runs: a progress bar of tasks with the phase when attached to a
 * terminal, plain lines (only when something changed, at most every 2 s) when output is piped.
 */
public final class ProgressDisplay implements AutoCloseable {
  private final Supplier<CompletableFuture<StatusSnapshot>> status;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mr-progress");
            t.setDaemon(true);
            return t;
          });
  private final PrintStream out;
  private final boolean terminal;
  private ProgressBar bar;
  private String lastLine = "";

  private ProgressDisplay(
      Supplier<CompletableFuture<StatusSnapshot>> status, PrintStream out, boolean terminal) {
    this.status = status;
    this.out = out;
    this.terminal = terminal;
  }

  public static ProgressDisplay start(
      Supplier<CompletableFuture<StatusSnapshot>> status, PrintStream out) {
    boolean terminal = System.console() != null && System.getenv("CI") == null;
    ProgressDisplay d = new ProgressDisplay(status, out, terminal);
    d.poller.scheduleWithFixedDelay(d::poll, 200, terminal ? 200 : 2000, TimeUnit.MILLISECONDS);
    return d;
  }

  private void poll() {
    StatusSnapshot s;
    try {
      s = status.get().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      return;
    }
    int total = s.maps().total() + s.reduces().total();
    int done = s.maps().completed() + s.reduces().completed();
    String phase =
        s.phase()
            + String.format(
                "  map %d/%d  reduce %d/%d",
                s.maps().completed(),
                s.maps().total(),
                s.reduces().completed(),
                s.reduces().total());
    if (terminal) {
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("tasks")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .build();
      }
      bar.maxHint(total);
      bar.stepTo(done);
      bar.setExtraMessage(phase);
    } else if (!phase.equals(lastLine)) {
      lastLine = phase;
      out.println("progress: " + phase);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    poll(); // the final state, so the bar ends at 100% when the job has finished
    if (bar != null) {
      bar.close();
    }
  }
}
