package dev.mapreduce.inprocess;

import dev.mapreduce.core.internal.protocol.CoordinatorService;
import dev.mapreduce.core.internal.protocol.FetchReply;
import dev.mapreduce.core.internal.protocol.HeartbeatReply;
import dev.mapreduce.core.internal.protocol.HeartbeatRequest;
import dev.mapreduce.core.internal.protocol.RegisterReply;
import dev.mapreduce.core.internal.protocol.RegisterRequest;
import dev.mapreduce.core.internal.protocol.ReportReply;
import dev.mapreduce.core.internal.protocol.ShuffleClient;
import dev.mapreduce.core.internal.protocol.ShuffleService;
import dev.mapreduce.core.internal.protocol.TaskReply;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.internal.protocol.TaskRequest;
import java.net.ConnectException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The in-JVM transport: nodes reach each other only through the core's {@link CoordinatorService}
 * and {@link ShuffleService} interfaces, by address, as they would over gRPC. A node marked down
 * refuses calls at once, like a dead process's closed port.
 */
public final class InProcessNetwork {
  public static final String COORDINATOR = "coordinator";

  private final Delivery delivery;
  private final Map<String, ShuffleService> shuffleServices = new ConcurrentHashMap<>();
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private volatile CoordinatorService coordinator;

  public InProcessNetwork(Delivery delivery) {
    this.delivery = delivery;
  }

  public InProcessNetwork() {
    this(Delivery.DIRECT);
  }

  public static String shuffleAddress(String workerId) {
    return "inproc://" + workerId;
  }

  public void bindCoordinator(CoordinatorService service) {
    this.coordinator = service;
  }

  public void bindShuffle(String workerId, ShuffleService service) {
    shuffleServices.put(shuffleAddress(workerId), service);
    down.remove(workerId);
  }

  /** Marks a node dead: calls to it fail from now on. */
  public void markDown(String node) {
    down.add(node);
  }

  /** The coordinator as one worker sees it. */
  public CoordinatorService coordinatorFor(String workerId) {
    return new CoordinatorService() {
      @Override
      public CompletableFuture<RegisterReply> register(RegisterRequest r) {
        return toCoordinator(workerId, () -> coordinator.register(r));
      }

      @Override
      public CompletableFuture<HeartbeatReply> heartbeat(HeartbeatRequest r) {
        return toCoordinator(workerId, () -> coordinator.heartbeat(r));
      }

      @Override
      public CompletableFuture<TaskReply> requestTask(TaskRequest r) {
        return toCoordinator(workerId, () -> coordinator.requestTask(r));
      }

      @Override
      public CompletableFuture<ReportReply> report(TaskReport r) {
        return toCoordinator(workerId, () -> coordinator.report(r));
      }
    };
  }

  /** How one worker's reducers reach other workers' shuffle services. */
  public ShuffleClient shuffleClientFor(String workerId) {
    return (address, request) -> {
      String target = address.startsWith("inproc://") ? address.substring(9) : address;
      return delivery.deliver(
          workerId,
          target,
          () -> {
            ShuffleService s = shuffleServices.get(address);
            if (s == null || down.contains(target)) {
              return CompletableFuture.<FetchReply>failedFuture(
                  new ConnectException("connection refused: " + address));
            }
            return s.fetch(request);
          });
    };
  }

  private <T> CompletableFuture<T> toCoordinator(String from, Supplier<CompletableFuture<T>> call) {
    return delivery.deliver(
        from,
        COORDINATOR,
        () -> {
          if (coordinator == null || down.contains(COORDINATOR)) {
            return CompletableFuture.failedFuture(
                new ConnectException("connection refused: coordinator"));
          }
          return call.get();
        });
  }
}
