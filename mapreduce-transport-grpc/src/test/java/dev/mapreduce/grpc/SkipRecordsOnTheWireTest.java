package dev.mapreduce.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.internal.io.InputSplit;
import dev.mapreduce.core.internal.protocol.BadRecord;
import dev.mapreduce.core.internal.protocol.MapAssignment;
import dev.mapreduce.core.internal.protocol.TaskReply;
import dev.mapreduce.core.internal.protocol.TaskReport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records to skip and the record a mapper failed on cross the wire unchanged. */
class SkipRecordsOnTheWireTest {
  @Test
  void aMapAssignmentKeepsItsRecordsToSkip() {
    MapAssignment m =
        new MapAssignment("m-00002-a3", 2, 3, new InputSplit("in.txt", 0, 100), List.of(4L, 9L));
    TaskReply back = ProtoConvert.fromProto(ProtoConvert.toProto(TaskReply.of(m)));
    assertThat(back.map()).contains(m);
  }

  @Test
  void aFailureOnARecordKeepsTheRecordAndAPlainFailureHasNone() {
    TaskReport onRecord =
        TaskReport.failedOnRecord("w1", "m-00000-a1", "boom", new BadRecord(7, "record 7, key 99"));
    assertThat(ProtoConvert.fromProto(ProtoConvert.toProto(onRecord))).isEqualTo(onRecord);
    TaskReport plain = TaskReport.failed("w1", "m-00000-a1", "boom");
    assertThat(ProtoConvert.fromProto(ProtoConvert.toProto(plain)).badRecord())
        .isEqualTo(Optional.empty());
  }

  @Test
  void aNegativeRecordIndexFromTheWireIsRefused() {
    var hostile =
        ProtoConvert.toProto(TaskReport.failed("w1", "m-00000-a1", "boom")).toBuilder()
            .setBadRecord(
                dev.mapreduce.grpc.proto.BadRecord.newBuilder().setIndex(-1).setDescription("x"))
            .build();
    assertThatThrownBy(() -> ProtoConvert.fromProto(hostile)).hasMessageContaining("bad_record");
  }
}
