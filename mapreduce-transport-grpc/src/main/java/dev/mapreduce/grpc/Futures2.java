package dev.mapreduce.grpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.CompletableFuture;

/** Bridges gRPC's ListenableFuture stubs to the CompletableFuture the core speaks. */
final class Futures2 {
  private Futures2() {}

  static <T> CompletableFuture<T> toCompletable(ListenableFuture<T> f) {
    CompletableFuture<T> out = new CompletableFuture<>();
    Futures.addCallback(
        f,
        new FutureCallback<T>() {
          @Override
          public void onSuccess(T value) {
            out.complete(value);
          }

          @Override
          public void onFailure(Throwable t) {
            out.completeExceptionally(t);
          }
        },
        MoreExecutors.directExecutor());
    return out;
  }
}
