package dev.mapreduce.core.internal.protocol;

import java.util.concurrent.CompletableFuture;

/**
 * What a worker asks of the coordinator. Asynchronous: a transport may deliver a reply late, twice
 * or never, and callers never block a thread on it. Implemented by the coordinator itself and by
 * each transport's client stub.
 */
public interface CoordinatorService {
  CompletableFuture<RegisterReply> register(RegisterRequest request);

  CompletableFuture<HeartbeatReply> heartbeat(HeartbeatRequest request);

  CompletableFuture<TaskReply> requestTask(TaskRequest request);

  CompletableFuture<ReportReply> report(TaskReport request);
}
