package dev.mapreduce.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the cluster's RPCs are protected: optional TLS (a server certificate and key; with a CA, the
 * server also requires client certificates and clients verify the server against it) and an
 * optional shared token checked on every call. Also where servers and channels are built, with
 * message size limits set on purpose: shuffle chunks are at most 4 MiB, so 16 MiB is ample.
 */
public record GrpcSecurity(
    Optional<String> token, Optional<Path> certificate, Optional<Path> privateKey, Optional<Path> trustedCa) {
  private static final Logger log = LoggerFactory.getLogger(GrpcSecurity.class);
  static final int MAX_MESSAGE_BYTES = 16 << 20;

  public static GrpcSecurity none() {
    return new GrpcSecurity(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean tls() {
    return certificate.isPresent() && privateKey.isPresent();
  }

  /** Starts a server on {@code bindHost:port} (0 picks a free port). */
  public Server startServer(String bindHost, int port, List<ServerServiceDefinition> services) throws IOException {
    InetAddress address = InetAddress.getByName(bindHost);
    if (!address.isLoopbackAddress() && !tls() && token.isEmpty()) {
      log.warn("Binding {} without TLS or a token: anyone who can reach port {} can drive this node. "
          + "Use --token and/or --tls-cert/--tls-key.", bindHost, port);
    }
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(address, port))
        .maxInboundMessageSize(MAX_MESSAGE_BYTES);
    if (tls()) {
      SslContextBuilder ssl = GrpcSslContexts.forServer(certificate.get().toFile(), privateKey.get().toFile());
      if (trustedCa.isPresent()) {
        ssl.trustManager(trustedCa.get().toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      b.sslContext(ssl.build());
    }
    for (ServerServiceDefinition s : services) {
      b.addService(token.isPresent() ? ServerInterceptors.intercept(s, TokenAuth.server(token.get())) : s);
    }
    return b.build().start();
  }

  /** A channel to {@code host:port}. */
  public ManagedChannel channel(String target) {
    NettyChannelBuilder b = NettyChannelBuilder.forTarget(target).maxInboundMessageSize(MAX_MESSAGE_BYTES);
    if (trustedCa.isPresent()) {
      try {
        SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(trustedCa.get().toFile());
        if (tls()) {
          ssl.keyManager(certificate.get().toFile(), privateKey.get().toFile());
        }
        b.sslContext(ssl.build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      b.usePlaintext();
    }
    token.ifPresent(t -> b.intercept(TokenAuth.client(t)));
    return b.build();
  }
}
