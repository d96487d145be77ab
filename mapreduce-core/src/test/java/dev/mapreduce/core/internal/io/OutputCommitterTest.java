package dev.mapreduce.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mapreduce.core.api.InvalidJobException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCommitterTest {
  @TempDir Path dir;

  @Test
  void refusesANonEmptyOutputAndTouchesNothing() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "precious");
    assertThatThrownBy(() -> new OutputCommitter(out).setUpJob())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("not empty")
        .hasMessageContaining(out.toString());
    try (var s = Files.list(out)) {
      assertThat(s.toList()).containsExactly(out.resolve("keep.txt"));
    }
  }

  @Test
  void commitsOneAttemptPerTaskAndSuccessLast() throws Exception {
    Path out = dir.resolve("out");
    OutputCommitter c = new OutputCommitter(out);
    c.setUpJob();
    Path a1 = OutputCommitter.attemptFile(out, "r-00000-a1", 0);
    Path a2 = OutputCommitter.attemptFile(out, "r-00000-a2", 0);
    Files.createDirectories(a1.getParent());
    Files.createDirectories(a2.getParent());
    Files.writeString(a1, "one\n");
    Files.writeString(a2, "two\n");
    assertThat(c.commitTask("r-00000-a2", 0)).isTrue();
    assertThat(c.commitTask("r-00000-a9", 0)).isFalse();
    c.commitJob("{}");
    assertThat(Files.readString(out.resolve("part-r-00000"))).isEqualTo("two\n");
    assertThat(out.resolve("_temporary")).doesNotExist();
    assertThat(out.resolve("_SUCCESS")).exists();
  }

  @Test
  void abortLeavesNothingThatLooksComplete() throws Exception {
    Path out = dir.resolve("out");
    OutputCommitter c = new OutputCommitter(out);
    c.setUpJob();
    Path a1 = OutputCommitter.attemptFile(out, "r-00001-a1", 1);
    Files.createDirectories(a1.getParent());
    Files.writeString(a1, "x\n");
    c.commitTask("r-00001-a1", 1);
    c.abortJob();
    try (var s = Files.list(out)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void aLateAttemptCannotWriteIntoACommittedOutput() throws Exception {
    Path out = dir.resolve("out");
    OutputCommitter c = new OutputCommitter(out);
    c.setUpJob();
    c.commitJob("{}");
    Path late = OutputCommitter.attemptFile(out, "r-00000-a2", 0);
    assertThatThrownBy(() -> new PartFileWriter(late))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    try (var s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("_SUCCESS");
    }
  }

  /**
   * A losing or late attempt keeps creating its directory under _temporary while the job commits:
   * the commit must succeed and keep every part (it used to throw DirectoryNotEmptyException, and
   * the coordinator then failed the job and deleted the parts).
   */
  @Test
  void commitSucceedsWhileLateAttemptsCreateDirectories() throws Exception {
    for (int trial = 0; trial < 200; trial++) {
      Path out = dir.resolve("race-" + trial);
      OutputCommitter c = new OutputCommitter(out);
      c.setUpJob();
      Path a1 = OutputCommitter.attemptFile(out, "r-00000-a1", 0);
      Files.createDirectories(a1.getParent());
      Files.writeString(a1, "kept\n");
      assertThat(c.commitTask("r-00000-a1", 0)).isTrue();
      AtomicBoolean stop = new AtomicBoolean();
      Thread late =
          new Thread(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  try {
                    new PartFileWriter(OutputCommitter.attemptFile(out, "r-00000-a" + (i + 2), 0))
                        .close();
                  } catch (IOException e) {
                    // expected once _temporary is gone
                  }
                }
              });
      late.start();
      try {
        c.commitJob("{}");
      } finally {
        stop.set(true);
        late.join();
      }
      c.abortJob(); // even a later abort must not delete a committed job's parts
      assertThat(Files.readString(out.resolve("part-r-00000"))).isEqualTo("kept\n");
      assertThat(out.resolve("_SUCCESS")).exists();
      assertThat(out.resolve("_temporary")).doesNotExist();
    }
  }

  @Test
  void noTaskCommitsAfterTheJobCommitted() throws Exception {
    Path out = dir.resolve("out");
    OutputCommitter c = new OutputCommitter(out);
    c.setUpJob();
    c.commitJob("{}");
    assertThatThrownBy(() -> c.commitTask("r-00000-a2", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("r-00000-a2")
        .hasMessageContaining("already committed");
  }

  @Test
  void anAttemptNeverOverwritesAFileItDidNotCreate() throws Exception {
    Path out = dir.resolve("out");
    new OutputCommitter(out).setUpJob();
    Path a1 = OutputCommitter.attemptFile(out, "r-00000-a1", 0);
    Files.createDirectories(a1.getParent());
    Files.writeString(a1, "stale\n");
    assertThatThrownBy(() -> new PartFileWriter(a1))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
  }
}
