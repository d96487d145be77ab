package dev.mapreduce.status;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mapreduce.core.coordinator.StatusSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a coordinator's status over HTTP with the JDK's built-in server: {@code /} the live page,
 * {@code /status.json} the same figures, {@code /metrics} for Prometheus. Works for the embedded
 * cluster and the gRPC coordinator alike: it only needs a way to take a {@link StatusSnapshot}.
 *
 * <pre>{@code
 * StatusHttpServer http = StatusHttpServer.start("127.0.0.1", 8080, running::status);
 * }</pre>
 */
public final class StatusHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusHttpServer.class);
  private static final Gson JSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .registerTypeAdapter(
              Instant.class, (JsonSerializer<Instant>) (i, t, c) -> new JsonPrimitive(i.toString()))
          .create();

  private final HttpServer server;
  private final ExecutorService executor;

  private StatusHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on {@code bindHost:port} (0 picks a free port). */
  public static StatusHttpServer start(
      String bindHost, int port, Supplier<CompletableFuture<StatusSnapshot>> status)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindHost), port), 16);
    ZoneId zone = ZoneId.systemDefault();
    route(server, "/status.json", status, "application/json; charset=utf-8", JSON::toJson);
    route(server, "/metrics", status, PrometheusMetrics.CONTENT_TYPE, PrometheusMetrics::render);
    route(server, "/", status, "text/html; charset=utf-8", s -> StatusPage.render(s, zone));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "mr-status-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    log.info("status page on http://{}:{}/", bindHost, server.getAddress().getPort());
    return new StatusHttpServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void route(
      HttpServer server,
      String path,
      Supplier<CompletableFuture<StatusSnapshot>> status,
      String contentType,
      Function<StatusSnapshot, String> render) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
              send(
                  exchange,
                  404,
                  "text/plain; charset=utf-8",
                  "not found: try /, /status.json or /metrics\n");
              return;
            }
            if (!exchange.getRequestMethod().equals("GET")
                && !exchange.getRequestMethod().equals("HEAD")) {
              exchange.getResponseHeaders().add("Allow", "GET, HEAD");
              send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
              return;
            }
            String body;
            try {
              body = render.apply(status.get().get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
              send(
                  exchange,
                  503,
                  "text/plain; charset=utf-8",
                  "the coordinator did not answer: " + e + "\n");
              return;
            }
            send(exchange, 200, contentType, body);
          }
        });
  }

  private static void send(HttpExchange exchange, int code, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
