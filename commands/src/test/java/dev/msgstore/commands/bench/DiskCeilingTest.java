package dev.msgstore.commands.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The disk's ceiling delivers every message, fsyncs each file at least once, leaves nothing. */
class DiskCeilingTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void everyMessageIsWrittenAndSyncedInGroupsOfAtLeastOne(boolean ordered) throws Exception {
    DiskCeiling.Figures f = DiskCeiling.run(dir, 4, 200, DiskCeiling.COMMIT_BYTES, ordered, 1);
    assertEquals(200, f.messages());
    assertEquals(4, f.writers());
    assertTrue(f.bodyFsyncs() >= 1 && f.bodyFsyncs() <= 200, "body fsyncs " + f.bodyFsyncs());
    assertTrue(
        f.commitFsyncs() >= 1 && f.commitFsyncs() <= 200, "commit fsyncs " + f.commitFsyncs());
    assertTrue(f.seconds() > 0 && f.cpuNanos() > 0, f.toString());
    try (var left = Files.list(dir)) {
      assertEquals(0, left.count(), "the scratch files are removed");
    }
  }

  @Test
  void oneWriterSyncsEachMessageOnItsOwn() throws Exception {
    DiskCeiling.Figures f = DiskCeiling.run(dir, 1, 50, DiskCeiling.COMMIT_BYTES, true, 2);
    assertEquals(50, f.bodyFsyncs(), "nobody to share a body fsync with");
    assertEquals(50, f.commitFsyncs(), "nor a commit fsync");
  }
}
