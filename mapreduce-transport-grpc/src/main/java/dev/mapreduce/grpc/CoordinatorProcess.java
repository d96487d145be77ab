package dev.mapreduce.grpc;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.coordinator.Coordinator;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.ThreadEventLoop;
import io.grpc.Server;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator serving one job over gRPC. {@link #start} validates the job (throwing before
 * anything runs) and opens the port; {@link #awaitResult} blocks until the job has committed or
 * failed and the live workers have been told, then closes the port.
 */
public final class CoordinatorProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorProcess.class);

  private final Coordinator coordinator;
  private final ThreadEventLoop loop;
  private final Server server;
  private final Timings timings;

  private CoordinatorProcess(
      Coordinator coordinator, ThreadEventLoop loop, Server server, Timings timings) {
    this.coordinator = coordinator;
    this.loop = loop;
    this.server = server;
    this.timings = timings;
  }

  public static CoordinatorProcess start(
      Job job, String bindHost, int port, Timings timings, GrpcSecurity security, EventSink events)
      throws IOException {
    ThreadEventLoop loop = new ThreadEventLoop("mr-coordinator");
    Coordinator coordinator = new Coordinator(job, Clock.system(), loop, timings, events);
    try {
      coordinator.start();
    } catch (RuntimeException e) {
      loop.shutdown();
      throw e;
    }
    Server server;
    try {
      server =
          security.startServer(
              bindHost, port, List.of(new CoordinatorGrpcService(coordinator).bindService()));
    } catch (IOException | RuntimeException e) {
      // Nothing ran: leave the output directory as it was, so a rerun on a free port works.
      coordinator.abandon();
      loop.shutdown();
      throw e;
    }
    log.info("coordinator for job '{}' listening on {}:{}", job.name(), bindHost, server.getPort());
    return new CoordinatorProcess(coordinator, loop, server, timings);
  }

  public int port() {
    return server.getPort();
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  public JobResult awaitResult() throws InterruptedException {
    JobResult result = coordinator.result().join();
    // Give live workers up to two heartbeats to hear that the job is over, so they exit cleanly.
    long grace = Math.max(1000, timings.heartbeatInterval().toMillis() * 2 + 500);
    try {
      coordinator.workersReleased().get(grace, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.info("not every worker heard that the job is over; they will give up on their own");
    }
    return result;
  }

  @Override
  public void close() {
    server.shutdownNow();
    loop.shutdown();
  }
}
