package dev.mapreduce.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryTest {
  @TempDir Path work;

  private Path oldDir(String name, boolean withLock) throws Exception {
    Path d = Files.createDirectories(work.resolve(name));
    Files.writeString(d.resolve("data"), name);
    if (withLock) {
      Files.writeString(d.resolve(".owner.lock"), "");
    }
    Files.setLastModifiedTime(d, FileTime.from(Instant.now().minusSeconds(3600)));
    return d;
  }

  @Test
  void startUpRemovesOnlyItsOwnDeadDirectories() throws Exception {
    Path deadOwn = oldDir("mr-w1-123456", true);
    Path userPhotos = oldDir("mr-w1-photos", false);
    Path userWithLockName = oldDir("mr-w1-holiday", true);
    Path otherWorker = oldDir("mr-w1-b-987", true);
    Path noLock = oldDir("mr-w1-555", false);
    WorkDirectory w = WorkDirectory.claim(work, "w1");
    assertThat(deadOwn).doesNotExist();
    assertThat(userPhotos.resolve("data")).exists();
    assertThat(userWithLockName.resolve("data")).exists();
    assertThat(otherWorker.resolve("data")).exists();
    assertThat(noLock.resolve("data")).exists();
    w.release();
  }

  @Test
  void aLiveSameNamedWorkerInThisJvmKeepsItsDirectoryAndItsLock() throws Exception {
    WorkDirectory first = WorkDirectory.claim(work, "w1");
    Files.writeString(first.root().resolve("mine"), "x");
    WorkDirectory second = WorkDirectory.claim(work, "w1");
    WorkDirectory third = WorkDirectory.claim(work, "w1");
    assertThat(first.root().resolve("mine")).exists();
    assertThat(second.root()).exists().isNotEqualTo(first.root());
    third.release();
    second.release();
    first.release();
    assertThat(first.root()).doesNotExist();
  }
}
