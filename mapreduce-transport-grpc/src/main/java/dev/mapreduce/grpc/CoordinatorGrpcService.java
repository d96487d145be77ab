package dev.mapreduce.grpc;

import dev.mapreduce.core.coordinator.Coordinator;
import dev.mapreduce.core.internal.protocol.CoordinatorService;
import dev.mapreduce.grpc.proto.CoordinatorGrpc;
import dev.mapreduce.grpc.proto.HeartbeatReply;
import dev.mapreduce.grpc.proto.HeartbeatRequest;
import dev.mapreduce.grpc.proto.RegisterReply;
import dev.mapreduce.grpc.proto.RegisterRequest;
import dev.mapreduce.grpc.proto.ReportReply;
import dev.mapreduce.grpc.proto.StatusReply;
import dev.mapreduce.grpc.proto.StatusRequest;
import dev.mapreduce.grpc.proto.TaskReply;
import dev.mapreduce.grpc.proto.TaskReport;
import dev.mapreduce.grpc.proto.TaskRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The coordinator's gRPC face: converts and checks each request, hands it to the core {@link
 * Coordinator}, and answers. A worker the coordinator does not know (never registered, or declared
 * failed) hears the REREGISTER directive in an ordinary reply; malformed fields are rejected with
 * {@code INVALID_ARGUMENT}. Neither stops the coordinator.
 */
public final class CoordinatorGrpcService extends CoordinatorGrpc.CoordinatorImplBase {
  private final Coordinator coordinator;
  private final CoordinatorService protocol;

  public CoordinatorGrpcService(Coordinator coordinator) {
    this.coordinator = coordinator;
    this.protocol = coordinator.service();
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterReply> out) {
    answer(out, () -> protocol.register(ProtoConvert.fromProto(request)), ProtoConvert::toProto);
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatReply> out) {
    answer(out, () -> protocol.heartbeat(ProtoConvert.fromProto(request)), ProtoConvert::toProto);
  }

  @Override
  public void requestTask(TaskRequest request, StreamObserver<TaskReply> out) {
    answer(out, () -> protocol.requestTask(ProtoConvert.fromProto(request)), ProtoConvert::toProto);
  }

  @Override
  public void report(TaskReport request, StreamObserver<ReportReply> out) {
    answer(out, () -> protocol.report(ProtoConvert.fromProto(request)), ProtoConvert::toProto);
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusReply> out) {
    answer(out, coordinator::status, ProtoConvert::toProto);
  }

  private static <C, P> void answer(
      StreamObserver<P> out, Supplier<CompletableFuture<C>> call, Function<C, P> convert) {
    CompletableFuture<C> f;
    try {
      f = call.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    f.whenComplete(
        (reply, error) -> {
          if (error == null) {
            try {
              out.onNext(convert.apply(reply));
              out.onCompleted();
              return;
            } catch (RuntimeException e) {
              error = e;
            }
          }
          Throwable cause =
              error instanceof CompletionException && error.getCause() != null
                  ? error.getCause()
                  : error;
          out.onError(
              cause instanceof StatusRuntimeException s
                  ? s
                  : Status.INTERNAL.withDescription(String.valueOf(cause)).asRuntimeException());
        });
  }
}
