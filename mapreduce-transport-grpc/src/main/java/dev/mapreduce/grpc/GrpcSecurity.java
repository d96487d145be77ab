package dev.mapreduce.grpc;

import com.google.common.net.InetAddresses;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the cluster's RPCs are protected: optional TLS (a server certificate and key; with a CA, the
 * server also requires client certificates and clients verify the server against it) and an
 * optional shared token checked on every call. Also where servers and channels are built, with
 * message size limits set on purpose: shuffle chunks are at most 4 MiB, so 16 MiB is ample.
 *
 * <p>A node given any TLS material never speaks plaintext, and without TLS the token is sent only
 * to loopback targets unless {@code allowPlaintextToken} says the network is trusted.
 */
public record GrpcSecurity(
    Optional<String> token,
    Optional<Path> certificate,
    Optional<Path> privateKey,
    Optional<Path> trustedCa,
    boolean allowPlaintextToken) {
  private static final Logger log = LoggerFactory.getLogger(GrpcSecurity.class);
  static final int MAX_MESSAGE_BYTES = 16 << 20;

  public GrpcSecurity {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(trustedCa, "trustedCa");
    // Half a key pair used to mean "no TLS" without a word; it is a mistake to report instead.
    if (certificate.isPresent() != privateKey.isPresent()) {
      throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
    }
  }

  /** Without the plaintext-token opt-in. */
  public GrpcSecurity(
      Optional<String> token,
      Optional<Path> certificate,
      Optional<Path> privateKey,
      Optional<Path> trustedCa) {
    this(token, certificate, privateKey, trustedCa, false);
  }

  public static GrpcSecurity none() {
    return new GrpcSecurity(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Whether this node speaks TLS, as server and as client: it has a certificate and key, or a CA.
   */
  public boolean tls() {
    return certificate.isPresent() || trustedCa.isPresent();
  }

  /** Starts a server on {@code bindHost:port} (0 picks a free port). */
  public Server startServer(String bindHost, int port, List<ServerServiceDefinition> services)
      throws IOException {
    InetAddress address = InetAddress.getByName(bindHost);
    if (!address.isLoopbackAddress() && !tls() && token.isEmpty()) {
      log.warn(
          "Binding {} without TLS or a token: anyone who can reach port {} can drive this node. "
              + "Use --token and/or --tls-cert/--tls-key.",
          bindHost,
          port);
    }
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress(address, port))
            .maxInboundMessageSize(MAX_MESSAGE_BYTES);
    if (tls()) {
      b.sslContext(serverContext());
    }
    for (ServerServiceDefinition s : services) {
      b.addService(
          token.isPresent() ? ServerInterceptors.intercept(s, TokenAuth.server(token.get())) : s);
    }
    return b.build().start();
  }

  /**
   * A channel to {@code target}: {@code host:port}, {@code [v6]:port} or {@code dns:///host:port}.
   */
  public ManagedChannel channel(String target) {
    NettyChannelBuilder b =
        NettyChannelBuilder.forTarget(target).maxInboundMessageSize(MAX_MESSAGE_BYTES);
    if (tls()) {
      b.sslContext(clientContext());
    } else {
      if (token.isPresent()) {
        checkTokenMayTravelInClear(target);
      }
      b.usePlaintext();
    }
    token.ifPresent(t -> b.intercept(TokenAuth.client(t)));
    return b.build();
  }

  private SslContext serverContext() throws IOException {
    // A CA alone cannot serve TLS, and serving plaintext instead would break the promise of tls().
    if (certificate.isEmpty()) {
      throw new IllegalStateException(
          "--tls-ca was given without --tls-cert/--tls-key: a server needs its own "
              + "certificate and key to serve TLS, and it will not fall back to plaintext");
    }
    SslContextBuilder ssl =
        GrpcSslContexts.forServer(certificate.get().toFile(), privateKey.get().toFile());
    trustedCa.ifPresent(ca -> ssl.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE));
    return ssl.build();
  }

  private SslContext clientContext() {
    // Without a CA of our own, servers are checked against the JDK's default trust store: a missing
    // CA changes whom we trust, never whether we use TLS.
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    trustedCa.ifPresent(ca -> ssl.trustManager(ca.toFile()));
    if (certificate.isPresent()) {
      ssl.keyManager(certificate.get().toFile(), privateKey.get().toFile());
    }
    try {
      return ssl.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void checkTokenMayTravelInClear(String target) {
    if (isLoopback(hostOf(target))) {
      return;
    }
    if (!allowPlaintextToken) {
      throw new IllegalStateException(
          "Refusing to send the token in clear text to "
              + target
              + ", which is not a loopback address: anyone on the network path could read and reuse it. "
              + "Use TLS (--tls-ca and/or --tls-cert/--tls-key), or --allow-plaintext-token if the network is trusted.");
    }
    log.warn("Sending the token in clear text to {} (--allow-plaintext-token)", target);
  }

  /**
   * The host part of a gRPC target, read as gRPC reads it: {@code host:port}, {@code host}, {@code
   * [v6]:port}, a bare IPv6 literal, or any of these after {@code dns:///} (or {@code
   * dns://dns-server/}). Other schemes give a "host" that is no loopback name, which is the safe
   * answer for a target we cannot read. So does anything with user info ({@code a@b}, which gRPC
   * reads as "connect to b") or a path, query or fragment: a loopback-looking prefix must not hide
   * where the channel really goes.
   */
  static String hostOf(String target) {
    if (target.indexOf('@') >= 0
        || target.indexOf('?') >= 0
        || target.indexOf('#') >= 0
        || target.indexOf('%') >= 0) {
      return "";
    }
    String hostPort = target;
    if (target.regionMatches(true, 0, "dns:", 0, 4)) {
      String rest = target.substring(4);
      int slash = rest.startsWith("//") ? rest.indexOf('/', 2) : rest.startsWith("/") ? 0 : -1;
      if (slash < 0) {
        return "";
      }
      hostPort = rest.substring(slash + 1);
    }
    if (hostPort.indexOf('/') >= 0) {
      return "";
    }
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end < 0 ? "" : hostPort.substring(1, end);
    }
    int colon = hostPort.indexOf(':');
    // Exactly one colon separates a port; more than one, unbracketed, is an IPv6 literal without
    // one.
    return colon >= 0 && colon == hostPort.lastIndexOf(':')
        ? hostPort.substring(0, colon)
        : hostPort;
  }

  /**
   * Only names that cannot lead off the machine count: "localhost" (reserved by RFC 6761) and
   * loopback IP literals. Other names are not resolved here, since what a name resolves to now does
   * not bind where the channel connects later.
   */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    return InetAddresses.isInetAddress(host) && InetAddresses.forString(host).isLoopbackAddress();
  }
}
