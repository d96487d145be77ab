package dev.mapreduce.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.coordinator.Coordinator;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.ThreadEventLoop;
import dev.mapreduce.grpc.proto.CoordinatorGrpc;
import dev.mapreduce.grpc.proto.Directive;
import dev.mapreduce.grpc.proto.HeartbeatRequest;
import dev.mapreduce.grpc.proto.RegisterRequest;
import dev.mapreduce.grpc.proto.StatusRequest;
import dev.mapreduce.grpc.proto.TaskReport;
import dev.mapreduce.grpc.proto.TaskRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's gRPC contract, over grpc-inprocess: good calls answered, bad ones rejected. */
class CoordinatorProtocolTest {
  @TempDir Path dir;
  private ThreadEventLoop loop;
  private Server server;
  private ManagedChannel channel;
  private CoordinatorGrpc.CoordinatorBlockingStub stub;
  private String name;

  public static final class Words implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long k, String line, Emitter<String, Long> out) {
      for (String w : line.split(" ")) {
        out.emit(w, 1L);
      }
    }
  }

  public static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {
      long s = 0;
      for (long v : vs) {
        s += v;
      }
      out.emit(k, s);
    }
  }

  @BeforeEach
  void start() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "a b\nc d\n");
    Job job =
        Job.builder("proto")
            .input(in)
            .output(dir.resolve("out"))
            .mapper(Words.class)
            .reducer(Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .build();
    loop = new ThreadEventLoop("test-coordinator");
    Coordinator coordinator =
        new Coordinator(job, Clock.system(), loop, Timings.defaults(), EventSink.NONE);
    coordinator.start();
    name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                ServerInterceptors.intercept(
                    new CoordinatorGrpcService(coordinator), TokenAuth.server("s3cret")))
            .build()
            .start();
    channel =
        InProcessChannelBuilder.forName(name)
            .directExecutor()
            .intercept(TokenAuth.client("s3cret"))
            .build();
    stub = CoordinatorGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    loop.shutdown();
  }

  private static Status.Code codeOf(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void registrationReturnsTheJobAndTheHeartbeatInterval() {
    var reply =
        stub.register(
            RegisterRequest.newBuilder()
                .setWorkerId("w1")
                .setShuffleAddress("h:1")
                .setIncarnation(1)
                .build());
    assertThat(reply.getAccepted()).isTrue();
    assertThat(reply.getJobMap()).containsEntry("name", "proto").containsKey("mapper");
    assertThat(reply.getHeartbeatIntervalMillis()).isEqualTo(3000);
    var task = stub.requestTask(TaskRequest.newBuilder().setWorkerId("w1").setSequence(1).build());
    assertThat(task.hasMap()).isTrue();
    assertThat(task.getMap().getAttemptId()).isEqualTo("m-00000-a1");
  }

  @Test
  void malformedFieldsAreInvalidArguments() {
    assertThat(
            codeOf(
                () ->
                    stub.register(
                        RegisterRequest.newBuilder()
                            .setWorkerId("")
                            .setShuffleAddress("h:1")
                            .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    stub.register(
                        RegisterRequest.newBuilder()
                            .setWorkerId("bad id!")
                            .setShuffleAddress("h:1")
                            .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> stub.register(RegisterRequest.newBuilder().setWorkerId("w1").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    stub.report(
                        TaskReport.newBuilder().setWorkerId("w1").setAttemptId("x").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    stub.requestTask(
                        TaskRequest.newBuilder().setWorkerId("w1").setSequence(-5).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void unregisteredWorkersAreToldToRegisterAndTheCoordinatorKeepsRunning() {
    assertThat(
            stub.heartbeat(HeartbeatRequest.newBuilder().setWorkerId("ghost").build())
                .getDirective())
        .isEqualTo(Directive.REREGISTER);
    assertThat(
            stub.requestTask(TaskRequest.newBuilder().setWorkerId("ghost").setSequence(1).build())
                .getDirective())
        .isEqualTo(Directive.REREGISTER);
    var ghostReport =
        stub.report(
            TaskReport.newBuilder()
                .setWorkerId("ghost")
                .setAttemptId("m-00000-a1")
                .setOutcome(TaskReport.Outcome.SUCCEEDED)
                .build());
    assertThat(ghostReport.getDirective()).isEqualTo(Directive.REREGISTER);
    assertThat(ghostReport.getAccepted()).isFalse();
    stub.register(
        RegisterRequest.newBuilder()
            .setWorkerId("w1")
            .setShuffleAddress("h:1")
            .setIncarnation(1)
            .build());
    // A registered worker reporting an attempt nobody gave it: accepted = false, nothing changes.
    var reply =
        stub.report(
            TaskReport.newBuilder()
                .setWorkerId("w1")
                .setAttemptId("m-00099-a7")
                .setOutcome(TaskReport.Outcome.SUCCEEDED)
                .build());
    assertThat(reply.getAccepted()).isFalse();
    assertThat(
            stub.heartbeat(HeartbeatRequest.newBuilder().setWorkerId("w1").build()).getDirective())
        .isEqualTo(Directive.OK);
    assertThat(stub.status(StatusRequest.getDefaultInstance()).getWorkersList()).hasSize(1);
  }

  @Test
  void aMissingOrWrongTokenIsUnauthenticated() {
    ManagedChannel bare = InProcessChannelBuilder.forName(serverName()).directExecutor().build();
    ManagedChannel wrong =
        InProcessChannelBuilder.forName(serverName())
            .directExecutor()
            .intercept(TokenAuth.client("guess"))
            .build();
    try {
      assertThatThrownBy(
              () ->
                  CoordinatorGrpc.newBlockingStub(bare).status(StatusRequest.getDefaultInstance()))
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessageContaining("UNAUTHENTICATED");
      assertThatThrownBy(
              () ->
                  CoordinatorGrpc.newBlockingStub(wrong).status(StatusRequest.getDefaultInstance()))
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessageContaining("UNAUTHENTICATED");
    } finally {
      bare.shutdownNow();
      wrong.shutdownNow();
    }
  }

  private String serverName() {
    return name;
  }
}
