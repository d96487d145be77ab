package dev.mapreduce.grpc;

import dev.mapreduce.core.internal.protocol.FetchReply;
import dev.mapreduce.core.internal.protocol.FetchRequest;
import dev.mapreduce.core.internal.protocol.ShuffleClient;
import dev.mapreduce.grpc.proto.ShuffleGrpc;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Reaches other workers' shuffle services, one cached channel per address. */
public final class GrpcShuffleClient implements ShuffleClient, AutoCloseable {
  private final GrpcSecurity security;
  private final Duration deadline;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public GrpcShuffleClient(GrpcSecurity security, Duration deadline) {
    this.security = security;
    this.deadline = deadline;
  }

  @Override
  public CompletableFuture<FetchReply> fetch(String address, FetchRequest request) {
    ManagedChannel ch;
    try {
      ch = channels.computeIfAbsent(address, security::channel);
    } catch (RuntimeException e) {
      // E.g. a token that may not travel in clear to this peer: a failed fetch, not a crash.
      return CompletableFuture.failedFuture(e);
    }
    return Futures2.toCompletable(
            ShuffleGrpc.newFutureStub(ch)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .fetch(ProtoConvert.toProto(request)))
        .thenApply(ProtoConvert::fromProto);
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
