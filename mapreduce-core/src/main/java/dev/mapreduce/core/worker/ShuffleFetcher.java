package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.events.JobEvent.LocalAttemptStep;
import dev.mapreduce.core.internal.io.DiskFaults;
import dev.mapreduce.core.internal.protocol.FetchReply;
import dev.mapreduce.core.internal.protocol.FetchRequest;
import dev.mapreduce.core.internal.protocol.MapOutputLocation;
import dev.mapreduce.core.internal.protocol.ReduceAssignment;
import dev.mapreduce.core.internal.protocol.ShuffleClient;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fetches one reduce partition from every map output into run files of the attempt's own, a few
 * outputs at a time and in chunks. A map output that cannot be fetched is reported (the map runs
 * again); then the attempt's body runs. Loop only.
 */
final class ShuffleFetcher {
  private static final int CHUNK = 1 << 20;
  private static final int RETRIES = 2;

  private final WorkerContext w;
  private final CoordinatorSession session;
  private final AttemptExecutor executor;
  private final ShuffleClient shuffle;
  private final int gen;
  private final ReduceAssignment a;
  private final AttemptContext ctx;
  private final Path dir;
  private final List<Path> runs = new ArrayList<>();
  private int next;
  private int inFlight;
  private boolean failed;
  private boolean firstChunkSeen;
  private long bytes;

  ShuffleFetcher(
      WorkerContext w,
      CoordinatorSession session,
      AttemptExecutor executor,
      ShuffleClient shuffle,
      int gen,
      ReduceAssignment a,
      AttemptContext ctx,
      Path dir) {
    this.w = w;
    this.session = session;
    this.executor = executor;
    this.shuffle = shuffle;
    this.gen = gen;
    this.a = a;
    this.ctx = ctx;
    this.dir = dir;
  }

  void start() {
    for (MapOutputLocation src : a.sources()) {
      runs.add(dir.resolve(String.format("from-m-%05d.run", src.mapTaskIndex())));
    }
    pump();
  }

  private boolean live() {
    return w.live(gen) && !failed && !ctx.aborted() && w.isCurrent(ctx);
  }

  private void pump() {
    if (!live()) {
      if (ctx.aborted() && !failed && w.live(gen) && w.isCurrent(ctx)) {
        failed = true;
        w.current = Optional.empty();
        executor.finishFailed(gen, ctx, new AttemptAbortedException(ctx.attemptId));
      }
      return;
    }
    while (inFlight < w.options.fetchParallelism() && next < a.sources().size()) {
      inFlight++;
      fetch(next++, 0, 0);
    }
    if (inFlight == 0 && next == a.sources().size()) {
      ctx.counters.add(Counters.SHUFFLE_BYTES, bytes);
      executor.afterFetch(gen, a, ctx, runs);
    }
  }

  private void fetch(int i, long offset, int retries) {
    MapOutputLocation src = a.sources().get(i);
    FetchRequest req = new FetchRequest(src.mapAttemptId(), a.partition(), offset, CHUNK);
    w.onLoopWhenDone(
        session.withTimeout(shuffle.fetch(src.shuffleAddress(), req)),
        (reply, error) -> onChunk(i, offset, retries, reply, error));
  }

  private void onChunk(int i, long offset, int retries, FetchReply reply, Throwable error) {
    if (!live()) {
      pump();
      return;
    }
    MapOutputLocation src = a.sources().get(i);
    if (error != null || !reply.found()) {
      if (retries < RETRIES && error != null) {
        w.loop.schedule(w.timings.idlePoll(), () -> fetch(i, offset, retries + 1));
        return;
      }
      String why =
          error != null
              ? w.pathFree(WorkerContext.describe(WorkerContext.unwrap(error)))
              : "map output not found at " + src.workerId();
      failed = true;
      w.current = Optional.empty();
      w.deleteQuietly(dir);
      w.attemptStep(
          a.attemptId(), LocalAttemptStep.Step.FETCH_FAILED, "from " + src.workerId() + ": " + why);
      session.report(
          gen, TaskReport.fetchFailed(w.id, a.attemptId(), src.mapAttemptId(), why), () -> {});
      return;
    }
    try {
      write(runs.get(i), offset == 0, reply.data());
    } catch (IOException | RuntimeException e) {
      failed = true;
      w.current = Optional.empty();
      executor.finishFailed(gen, ctx, e);
      return;
    }
    bytes += reply.data().length;
    ctx.progress();
    if (!firstChunkSeen) {
      firstChunkSeen = true;
      w.hook(Point.MID_FETCH, a.attemptId());
      if (w.stopped) {
        return;
      }
    }
    long got = offset + reply.data().length;
    if (got < reply.partitionLength() && reply.data().length > 0) {
      fetch(i, got, 0);
    } else {
      inFlight--;
      pump();
    }
  }

  /**
   * The first chunk creates the run file and fails if one is there; later chunks append only to the
   * file this attempt created.
   */
  private void write(Path run, boolean first, byte[] data) throws IOException {
    DiskFaults.Op op = first ? DiskFaults.Op.FETCH_CREATE : DiskFaults.Op.FETCH_APPEND;
    w.options.diskFaults().before(op, w.id, run);
    StandardOpenOption mode = first ? StandardOpenOption.CREATE_NEW : StandardOpenOption.APPEND;
    try (OutputStream out = Files.newOutputStream(run, mode, StandardOpenOption.WRITE)) {
      out.write(data);
    }
  }
}
