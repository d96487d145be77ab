package dev.mapreduce.grpc;

import dev.mapreduce.grpc.proto.CoordinatorGrpc;
import dev.mapreduce.grpc.proto.StatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server whose every method answers UNIMPLEMENTED, and which remembers the {@code
 * authorization} header of each call that reaches it. An UNIMPLEMENTED answer proves a call got
 * through; the remembered headers show whether a token crossed the wire.
 */
final class RecordingServer implements AutoCloseable {
  private final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();
  private final Server server;

  RecordingServer(GrpcSecurity security) throws IOException {
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            authorizations.add(Optional.ofNullable(headers.get(TokenAuth.AUTHORIZATION)));
            return next.startCall(call, headers);
          }
        };
    // No base-class method is overridden, so each call is answered UNIMPLEMENTED.
    CoordinatorGrpc.CoordinatorImplBase unimplemented =
        new CoordinatorGrpc.CoordinatorImplBase() {};
    server =
        security.startServer(
            "127.0.0.1", 0, List.of(ServerInterceptors.intercept(unimplemented, recorder)));
  }

  int port() {
    return server.getPort();
  }

  /** The authorization header of each call received so far; empty where a call had none. */
  List<Optional<String>> authorizations() {
    return List.copyOf(authorizations);
  }

  /**
   * One status call through a channel {@code client} builds to {@code target}; closes the channel.
   */
  static void call(GrpcSecurity client, String target) {
    ManagedChannel channel = client.channel(target);
    try {
      CoordinatorGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .status(StatusRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
