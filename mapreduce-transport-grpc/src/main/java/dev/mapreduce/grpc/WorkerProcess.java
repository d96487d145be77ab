package dev.mapreduce.grpc;

import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.TaskRunner;
import dev.mapreduce.core.time.ThreadEventLoop;
import dev.mapreduce.core.worker.WorkerNode;
import dev.mapreduce.core.worker.WorkerOptions;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker talking to its coordinator over gRPC, with its own shuffle server on a port of its own
 * (reported at registration). {@link #exit()} completes when the worker stops, with the reason.
 */
public final class WorkerProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);

  private final WorkerNode node;
  private final Server shuffleServer;
  private final GrpcCoordinatorClient coordinatorClient;
  private final GrpcShuffleClient shuffleClient;

  private WorkerProcess(
      WorkerNode node, Server shuffleServer, GrpcCoordinatorClient c, GrpcShuffleClient s) {
    this.node = node;
    this.shuffleServer = shuffleServer;
    this.coordinatorClient = c;
    this.shuffleClient = s;
  }

  /**
   * @param advertiseHost the host name other workers use to reach this one's shuffle server
   */
  public static WorkerProcess start(
      String id,
      String coordinatorTarget,
      String bindHost,
      int shufflePort,
      String advertiseHost,
      Timings timings,
      WorkerOptions options,
      GrpcSecurity security,
      EventSink events)
      throws IOException {
    WorkerNode[] holder = new WorkerNode[1];
    // The shuffle server starts first so its port can be reported at registration; it answers
    // through the node, which exists by the time any reducer can know this address.
    ServerServiceDefinition shuffle =
        new ShuffleGrpcService(request -> holder[0].shuffleService().fetch(request)).bindService();
    Server server = security.startServer(bindHost, shufflePort, List.of(shuffle));
    String address = advertiseHost + ":" + server.getPort();
    GrpcCoordinatorClient coordinator =
        new GrpcCoordinatorClient(security.channel(coordinatorTarget), timings.rpcTimeout());
    GrpcShuffleClient shuffleClient = new GrpcShuffleClient(security, timings.rpcTimeout());
    WorkerNode node =
        new WorkerNode(
            id,
            address,
            coordinator,
            shuffleClient,
            new ThreadEventLoop("mr-" + id),
            TaskRunner.threads("mr-" + id + "-task"),
            Clock.system(),
            timings,
            options,
            events);
    holder[0] = node;
    node.start();
    log.info(
        "worker {} started; shuffle service at {}; coordinator at {}",
        id,
        address,
        coordinatorTarget);
    return new WorkerProcess(node, server, coordinator, shuffleClient);
  }

  public CompletableFuture<WorkerNode.Exit> exit() {
    return node.exit();
  }

  public WorkerNode node() {
    return node;
  }

  @Override
  public void close() {
    shuffleServer.shutdownNow();
    coordinatorClient.close();
    shuffleClient.close();
  }
}
