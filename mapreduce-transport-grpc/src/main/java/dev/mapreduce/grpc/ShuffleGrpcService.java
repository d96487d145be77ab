package dev.mapreduce.grpc;

import dev.mapreduce.core.internal.protocol.ShuffleService;
import dev.mapreduce.grpc.proto.FetchReply;
import dev.mapreduce.grpc.proto.FetchRequest;
import dev.mapreduce.grpc.proto.ShuffleGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** A worker's shuffle service over gRPC: one bounded chunk per call, so memory stays bounded. */
public final class ShuffleGrpcService extends ShuffleGrpc.ShuffleImplBase {
  private final ShuffleService shuffle;

  public ShuffleGrpcService(ShuffleService shuffle) {
    this.shuffle = shuffle;
  }

  @Override
  public void fetch(FetchRequest request, StreamObserver<FetchReply> out) {
    dev.mapreduce.core.internal.protocol.FetchRequest req;
    try {
      req = ProtoConvert.fromProto(request);
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    shuffle
        .fetch(req)
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                out.onError(
                    Status.INTERNAL.withDescription(String.valueOf(error)).asRuntimeException());
              } else {
                out.onNext(ProtoConvert.toProto(reply));
                out.onCompleted();
              }
            });
  }
}
