package dev.mapreduce.grpc;

import dev.mapreduce.core.internal.protocol.CoordinatorService;
import dev.mapreduce.core.internal.protocol.HeartbeatReply;
import dev.mapreduce.core.internal.protocol.HeartbeatRequest;
import dev.mapreduce.core.internal.protocol.RegisterReply;
import dev.mapreduce.core.internal.protocol.RegisterRequest;
import dev.mapreduce.core.internal.protocol.ReportReply;
import dev.mapreduce.core.internal.protocol.TaskReply;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.internal.protocol.TaskRequest;
import dev.mapreduce.grpc.proto.CoordinatorGrpc;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator as a worker sees it over gRPC: the core's {@link CoordinatorService}, each call
 * with a deadline. An unknown worker hears REREGISTER as the reply's directive.
 */
public final class GrpcCoordinatorClient implements CoordinatorService, AutoCloseable {
  private final ManagedChannel channel;
  private final CoordinatorGrpc.CoordinatorFutureStub stub;
  private final Duration deadline;

  public GrpcCoordinatorClient(ManagedChannel channel, Duration deadline) {
    this.channel = channel;
    this.stub = CoordinatorGrpc.newFutureStub(channel);
    this.deadline = deadline;
  }

  private CoordinatorGrpc.CoordinatorFutureStub stub() {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<RegisterReply> register(RegisterRequest r) {
    return Futures2.toCompletable(stub().register(ProtoConvert.toProto(r)))
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                // gRPC backs off reconnecting exponentially (up to minutes) after refused
                // connections;
                // the worker paces its own retries, so a coordinator that comes up is seen at once.
                channel.resetConnectBackoff();
              }
            })
        .thenApply(ProtoConvert::fromProto);
  }

  @Override
  public CompletableFuture<HeartbeatReply> heartbeat(HeartbeatRequest r) {
    return Futures2.toCompletable(stub().heartbeat(ProtoConvert.toProto(r)))
        .thenApply(ProtoConvert::fromProto);
  }

  @Override
  public CompletableFuture<TaskReply> requestTask(TaskRequest r) {
    return Futures2.toCompletable(stub().requestTask(ProtoConvert.toProto(r)))
        .thenApply(ProtoConvert::fromProto);
  }

  @Override
  public CompletableFuture<ReportReply> report(TaskReport r) {
    return Futures2.toCompletable(stub().report(ProtoConvert.toProto(r)))
        .thenApply(ProtoConvert::fromProto);
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
