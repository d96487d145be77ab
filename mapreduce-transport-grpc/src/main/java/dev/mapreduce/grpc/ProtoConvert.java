package dev.mapreduce.grpc;

import com.google.protobuf.ByteString;
import dev.mapreduce.core.coordinator.StatusSnapshot;
import dev.mapreduce.core.internal.io.InputSplit;
import dev.mapreduce.core.internal.protocol.BadRecord;
import dev.mapreduce.core.internal.protocol.Directive;
import dev.mapreduce.core.internal.protocol.FetchReply;
import dev.mapreduce.core.internal.protocol.FetchRequest;
import dev.mapreduce.core.internal.protocol.HeartbeatReply;
import dev.mapreduce.core.internal.protocol.HeartbeatRequest;
import dev.mapreduce.core.internal.protocol.MapAssignment;
import dev.mapreduce.core.internal.protocol.MapOutputLocation;
import dev.mapreduce.core.internal.protocol.ReduceAssignment;
import dev.mapreduce.core.internal.protocol.RegisterReply;
import dev.mapreduce.core.internal.protocol.RegisterRequest;
import dev.mapreduce.core.internal.protocol.ReportReply;
import dev.mapreduce.core.internal.protocol.TaskReply;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.internal.protocol.TaskRequest;
import dev.mapreduce.grpc.proto.StatusReply;
import dev.mapreduce.grpc.proto.TaskCounts;
import dev.mapreduce.grpc.proto.WorkerView;
import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts between the core's message records and their protobuf form, and checks incoming fields:
 * a malformed message becomes an {@code INVALID_ARGUMENT} status naming the field.
 */
final class ProtoConvert {
  private ProtoConvert() {}

  // ---- core -> proto ----------------------------------------------------------------------------

  static dev.mapreduce.grpc.proto.RegisterRequest toProto(RegisterRequest r) {
    return dev.mapreduce.grpc.proto.RegisterRequest.newBuilder()
        .setWorkerId(r.workerId())
        .setShuffleAddress(r.shuffleAddress())
        .setIncarnation(r.incarnation())
        .build();
  }

  static dev.mapreduce.grpc.proto.RegisterReply toProto(RegisterReply r) {
    return dev.mapreduce.grpc.proto.RegisterReply.newBuilder()
        .setAccepted(r.accepted())
        .putAllJob(r.job())
        .setHeartbeatIntervalMillis(r.heartbeatIntervalMillis())
        .build();
  }

  static dev.mapreduce.grpc.proto.HeartbeatRequest toProto(HeartbeatRequest r) {
    return dev.mapreduce.grpc.proto.HeartbeatRequest.newBuilder()
        .setWorkerId(r.workerId())
        .addAllRunningAttempts(r.runningAttempts())
        .build();
  }

  static dev.mapreduce.grpc.proto.HeartbeatReply toProto(HeartbeatReply r) {
    return dev.mapreduce.grpc.proto.HeartbeatReply.newBuilder()
        .setDirective(toProto(r.directive()))
        .addAllAbortAttempts(r.abortAttempts())
        .build();
  }

  static dev.mapreduce.grpc.proto.TaskRequest toProto(TaskRequest r) {
    return dev.mapreduce.grpc.proto.TaskRequest.newBuilder()
        .setWorkerId(r.workerId())
        .setSequence(r.sequence())
        .build();
  }

  static dev.mapreduce.grpc.proto.TaskReply toProto(TaskReply r) {
    var b =
        dev.mapreduce.grpc.proto.TaskReply.newBuilder()
            .setDirective(toProto(r.directive()))
            .setRetryAfterMillis(r.retryAfterMillis());
    r.map()
        .ifPresent(
            m ->
                b.setMap(
                    dev.mapreduce.grpc.proto.MapAssignment.newBuilder()
                        .setAttemptId(m.attemptId())
                        .setTaskIndex(m.taskIndex())
                        .setAttempt(m.attempt())
                        .addAllSkipRecords(m.skipRecords())
                        .setSplit(
                            dev.mapreduce.grpc.proto.InputSplit.newBuilder()
                                .setFile(m.split().file())
                                .setStart(m.split().start())
                                .setLength(m.split().length()))));
    r.reduce()
        .ifPresent(
            red -> {
              var rb =
                  dev.mapreduce.grpc.proto.ReduceAssignment.newBuilder()
                      .setAttemptId(red.attemptId())
                      .setPartition(red.partition())
                      .setAttempt(red.attempt());
              for (MapOutputLocation l : red.sources()) {
                rb.addSources(
                    dev.mapreduce.grpc.proto.MapOutputLocation.newBuilder()
                        .setMapTaskIndex(l.mapTaskIndex())
                        .setMapAttemptId(l.mapAttemptId())
                        .setWorkerId(l.workerId())
                        .setShuffleAddress(l.shuffleAddress()));
              }
              b.setReduce(rb);
            });
    return b.build();
  }

  static dev.mapreduce.grpc.proto.TaskReport toProto(TaskReport r) {
    var b =
        dev.mapreduce.grpc.proto.TaskReport.newBuilder()
            .setWorkerId(r.workerId())
            .setAttemptId(r.attemptId())
            .setOutcome(dev.mapreduce.grpc.proto.TaskReport.Outcome.valueOf(r.outcome().name()))
            .setError(r.error().orElse(""))
            .setFailedMapAttempt(r.failedMapAttempt().orElse(""))
            .putAllCounters(r.counters());
    r.badRecord()
        .ifPresent(
            bad ->
                b.setBadRecord(
                    dev.mapreduce.grpc.proto.BadRecord.newBuilder()
                        .setIndex(bad.index())
                        .setDescription(bad.description())));
    return b.build();
  }

  static dev.mapreduce.grpc.proto.ReportReply toProto(ReportReply r) {
    return dev.mapreduce.grpc.proto.ReportReply.newBuilder()
        .setDirective(toProto(r.directive()))
        .setAccepted(r.accepted())
        .build();
  }

  static dev.mapreduce.grpc.proto.FetchRequest toProto(FetchRequest r) {
    return dev.mapreduce.grpc.proto.FetchRequest.newBuilder()
        .setMapAttemptId(r.mapAttemptId())
        .setPartition(r.partition())
        .setOffset(r.offset())
        .setMaxBytes(r.maxBytes())
        .build();
  }

  static dev.mapreduce.grpc.proto.FetchReply toProto(FetchReply r) {
    return dev.mapreduce.grpc.proto.FetchReply.newBuilder()
        .setFound(r.found())
        .setData(ByteString.copyFrom(r.data()))
        .setPartitionLength(r.partitionLength())
        .build();
  }

  static StatusReply toProto(StatusSnapshot s) {
    var b =
        StatusReply.newBuilder()
            .setJobName(s.jobName())
            .setTimeEpochMillis(s.time().toEpochMilli())
            .setPhase(s.phase().name())
            .setMaps(toProto(s.maps()))
            .setReduces(toProto(s.reduces()))
            .setReassignments(s.reassignments())
            .addAllRecentEvents(s.recentEvents())
            .putAllCounters(s.counters())
            .setAttempts(s.attempts())
            .setHeartbeats(s.heartbeats())
            .setElapsedMillis(s.elapsedMillis());
    for (StatusSnapshot.WorkerView w : s.workers()) {
      b.addWorkers(
          WorkerView.newBuilder()
              .setId(w.id())
              .setState(w.state())
              .setLastSeenEpochMillis(w.lastSeen().toEpochMilli())
              .setTasksCompleted(w.tasksCompleted()));
    }
    return b.build();
  }

  private static TaskCounts toProto(StatusSnapshot.TaskCounts c) {
    return TaskCounts.newBuilder()
        .setPending(c.pending())
        .setRunning(c.running())
        .setCompleted(c.completed())
        .setFailed(c.failed())
        .build();
  }

  private static dev.mapreduce.grpc.proto.Directive toProto(Directive d) {
    return dev.mapreduce.grpc.proto.Directive.valueOf(d.name());
  }

  // ---- proto -> core (incoming fields are checked) ----------------------------------------------

  static RegisterRequest fromProto(dev.mapreduce.grpc.proto.RegisterRequest r) {
    return new RegisterRequest(
        workerId(r.getWorkerId()),
        require("shuffle_address", r.getShuffleAddress()),
        r.getIncarnation());
  }

  static RegisterReply fromProto(dev.mapreduce.grpc.proto.RegisterReply r) {
    return new RegisterReply(r.getAccepted(), r.getJobMap(), r.getHeartbeatIntervalMillis());
  }

  static HeartbeatRequest fromProto(dev.mapreduce.grpc.proto.HeartbeatRequest r) {
    return new HeartbeatRequest(workerId(r.getWorkerId()), r.getRunningAttemptsList());
  }

  static HeartbeatReply fromProto(dev.mapreduce.grpc.proto.HeartbeatReply r) {
    return new HeartbeatReply(fromProto(r.getDirective()), r.getAbortAttemptsList());
  }

  static TaskRequest fromProto(dev.mapreduce.grpc.proto.TaskRequest r) {
    if (r.getSequence() < 0) {
      throw invalid("sequence must not be negative");
    }
    return new TaskRequest(workerId(r.getWorkerId()), r.getSequence());
  }

  static TaskReply fromProto(dev.mapreduce.grpc.proto.TaskReply r) {
    Optional<MapAssignment> map = Optional.empty();
    Optional<ReduceAssignment> reduce = Optional.empty();
    if (r.hasMap()) {
      var m = r.getMap();
      map =
          Optional.of(
              new MapAssignment(
                  m.getAttemptId(),
                  m.getTaskIndex(),
                  m.getAttempt(),
                  new InputSplit(
                      m.getSplit().getFile(), m.getSplit().getStart(), m.getSplit().getLength()),
                  m.getSkipRecordsList()));
    }
    if (r.hasReduce()) {
      var red = r.getReduce();
      List<MapOutputLocation> sources = new ArrayList<>();
      for (var l : red.getSourcesList()) {
        sources.add(
            new MapOutputLocation(
                l.getMapTaskIndex(), l.getMapAttemptId(), l.getWorkerId(), l.getShuffleAddress()));
      }
      reduce =
          Optional.of(
              new ReduceAssignment(
                  red.getAttemptId(), red.getPartition(), red.getAttempt(), sources));
    }
    return new TaskReply(fromProto(r.getDirective()), map, reduce, r.getRetryAfterMillis());
  }

  static TaskReport fromProto(dev.mapreduce.grpc.proto.TaskReport r) {
    String worker = workerId(r.getWorkerId());
    String attempt = require("attempt_id", r.getAttemptId());
    return switch (r.getOutcome()) {
      case SUCCEEDED -> TaskReport.succeeded(worker, attempt, r.getCountersMap());
      case FAILED -> {
        String error = r.getError().isEmpty() ? "unknown error" : r.getError();
        if (!r.hasBadRecord()) {
          yield TaskReport.failed(worker, attempt, error);
        }
        if (r.getBadRecord().getIndex() < 0) {
          throw invalid("bad_record.index must not be negative");
        }
        yield TaskReport.failedOnRecord(
            worker,
            attempt,
            error,
            new BadRecord(r.getBadRecord().getIndex(), r.getBadRecord().getDescription()));
      }
      case FETCH_FAILED ->
          TaskReport.fetchFailed(
              worker,
              attempt,
              require("failed_map_attempt", r.getFailedMapAttempt()),
              r.getError());
      default -> throw invalid("outcome must be SUCCEEDED, FAILED or FETCH_FAILED");
    };
  }

  static ReportReply fromProto(dev.mapreduce.grpc.proto.ReportReply r) {
    return new ReportReply(fromProto(r.getDirective()), r.getAccepted());
  }

  static FetchRequest fromProto(dev.mapreduce.grpc.proto.FetchRequest r) {
    if (r.getPartition() < 0 || r.getOffset() < 0 || r.getMaxBytes() <= 0) {
      throw invalid("partition and offset must be >= 0 and max_bytes > 0");
    }
    return new FetchRequest(
        require("map_attempt_id", r.getMapAttemptId()),
        r.getPartition(),
        r.getOffset(),
        r.getMaxBytes());
  }

  static FetchReply fromProto(dev.mapreduce.grpc.proto.FetchReply r) {
    return new FetchReply(r.getFound(), r.getData().toByteArray(), r.getPartitionLength());
  }

  static StatusSnapshot fromProto(StatusReply r) {
    List<StatusSnapshot.WorkerView> workers = new ArrayList<>();
    for (WorkerView w : r.getWorkersList()) {
      workers.add(
          new StatusSnapshot.WorkerView(
              w.getId(),
              w.getState(),
              Instant.ofEpochMilli(w.getLastSeenEpochMillis()),
              w.getTasksCompleted()));
    }
    return new StatusSnapshot(
        r.getJobName(),
        Instant.ofEpochMilli(r.getTimeEpochMillis()),
        StatusSnapshot.Phase.valueOf(r.getPhase()),
        workers,
        fromProto(r.getMaps()),
        fromProto(r.getReduces()),
        r.getReassignments(),
        r.getRecentEventsList(),
        r.getCountersMap(),
        r.getAttempts(),
        r.getHeartbeats(),
        r.getElapsedMillis());
  }

  private static StatusSnapshot.TaskCounts fromProto(TaskCounts c) {
    return new StatusSnapshot.TaskCounts(
        c.getPending(), c.getRunning(), c.getCompleted(), c.getFailed());
  }

  private static Directive fromProto(dev.mapreduce.grpc.proto.Directive d) {
    return switch (d) {
      case REREGISTER -> Directive.REREGISTER;
      case JOB_DONE -> Directive.JOB_DONE;
      default -> Directive.OK;
    };
  }

  private static String workerId(String id) {
    if (id.isEmpty() || id.length() > 128 || !id.matches("[A-Za-z0-9._-]+")) {
      throw invalid("worker_id must be 1-128 characters of letters, digits, '.', '_' or '-'");
    }
    return id;
  }

  private static String require(String field, String value) {
    if (value.isEmpty()) {
      throw invalid(field + " is required");
    }
    return value;
  }

  private static RuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
