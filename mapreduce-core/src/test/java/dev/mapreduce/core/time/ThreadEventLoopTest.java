package dev.mapreduce.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadEventLoopTest {
  @AfterEach
  void restoreLastResort() {
    ThreadEventLoop.setLastResort(e -> {});
  }

  @Test
  void anExceptionInATaskReachesTheOwnersFailureHandler() {
    ThreadEventLoop loop = new ThreadEventLoop("test-loop");
    CompletableFuture<Throwable> heard = new CompletableFuture<>();
    loop.onFailure(heard::complete);
    loop.execute(
        () -> {
          throw new IllegalStateException("bug");
        });
    await().atMost(Duration.ofSeconds(5)).until(heard::isDone);
    assertThat(heard.join()).hasMessage("bug");
    loop.shutdown();
  }

  /** A failure handler that fails too must not leave the component silently stuck. */
  @Test
  void whenTheFailureHandlerFailsTheLastResortRunsAndTheLoopStops() {
    ThreadEventLoop loop = new ThreadEventLoop("test-loop");
    CompletableFuture<Throwable> lastResort = new CompletableFuture<>();
    ThreadEventLoop.setLastResort(lastResort::complete);
    loop.onFailure(
        e -> {
          throw new NoClassDefFoundError("jar replaced");
        });
    loop.execute(
        () -> {
          throw new IllegalStateException("bug");
        });
    await().atMost(Duration.ofSeconds(5)).until(lastResort::isDone);
    assertThat(lastResort.join()).isInstanceOf(NoClassDefFoundError.class);
    assertThat(lastResort.join().getSuppressed())
        .singleElement()
        .satisfies(s -> assertThat(s).hasMessage("bug"));
    CompletableFuture<Void> after = new CompletableFuture<>();
    loop.execute(() -> after.complete(null));
    // The loop is shut: nothing more runs on a broken component (it stays not done for a while).
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !after.isDone());
  }
}
