package dev.mapreduce.grpc;

import dev.mapreduce.core.protocol.CoordinatorService;
import dev.mapreduce.core.protocol.Directive;
import dev.mapreduce.core.protocol.HeartbeatReply;
import dev.mapreduce.core.protocol.HeartbeatRequest;
import dev.mapreduce.core.protocol.RegisterReply;
import dev.mapreduce.core.protocol.RegisterRequest;
import dev.mapreduce.core.protocol.ReportReply;
import dev.mapreduce.core.protocol.TaskReply;
import dev.mapreduce.core.protocol.TaskReport;
import dev.mapreduce.core.protocol.TaskRequest;
import dev.mapreduce.grpc.proto.CoordinatorGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The coordinator as a worker sees it over gRPC: the core's {@link CoordinatorService}, each call
 * with a deadline. A {@code FAILED_PRECONDITION} rejection becomes the core's REREGISTER directive.
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
        .whenComplete((v, e) -> {
          if (e != null) {
            // gRPC backs off reconnecting exponentially (up to minutes) after refused connections;
            // the worker paces its own retries, so a coordinator that comes up is seen at once.
            channel.resetConnectBackoff();
          }
        })
        .thenApply(ProtoConvert::fromProto);
  }

  @Override
  public CompletableFuture<HeartbeatReply> heartbeat(HeartbeatRequest r) {
    return orReregister(
        Futures2.toCompletable(stub().heartbeat(ProtoConvert.toProto(r))).thenApply(ProtoConvert::fromProto),
        () -> new HeartbeatReply(Directive.REREGISTER, List.of()));
  }

  @Override
  public CompletableFuture<TaskReply> requestTask(TaskRequest r) {
    return orReregister(
        Futures2.toCompletable(stub().requestTask(ProtoConvert.toProto(r))).thenApply(ProtoConvert::fromProto),
        () -> TaskReply.directive(Directive.REREGISTER));
  }

  @Override
  public CompletableFuture<ReportReply> report(TaskReport r) {
    return orReregister(
        Futures2.toCompletable(stub().report(ProtoConvert.toProto(r))).thenApply(ProtoConvert::fromProto),
        () -> new ReportReply(Directive.REREGISTER, false));
  }

  private static <T> CompletableFuture<T> orReregister(CompletableFuture<T> f, Supplier<T> reregister) {
    return f.handle((v, e) -> {
      if (e == null) {
        return CompletableFuture.completedFuture(v);
      }
      Throwable c = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
      if (c instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
        return CompletableFuture.completedFuture(reregister.get());
      }
      return CompletableFuture.<T>failedFuture(c);
    }).thenCompose(x -> x);
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
