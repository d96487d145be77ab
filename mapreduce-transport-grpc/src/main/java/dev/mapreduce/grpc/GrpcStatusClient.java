package dev.mapreduce.grpc;

import dev.mapreduce.core.coordinator.StatusSnapshot;
import dev.mapreduce.grpc.proto.CoordinatorGrpc;
import dev.mapreduce.grpc.proto.StatusRequest;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Asks a coordinator for its status once. */
public final class GrpcStatusClient {
  private GrpcStatusClient() {}

  /** Throws {@link io.grpc.StatusRuntimeException} when nothing answers in time. */
  public static StatusSnapshot fetch(String target, GrpcSecurity security, Duration timeout) {
    ManagedChannel channel = security.channel(target);
    try {
      return ProtoConvert.fromProto(
          CoordinatorGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .status(StatusRequest.getDefaultInstance()));
    } finally {
      channel.shutdownNow();
    }
  }
}
