package dev.msgstore.store.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@link TornCommitWriter} in a child JVM: the journal ends in a commit never finished. */
public final class TornCommitWriterLauncher {
  private TornCommitWriterLauncher() {}

  public static void tearTheTail(Path journal) throws Exception {
    Path log = Files.createTempFile("torn-writer", ".log");
    try (ChildJvm child = ChildJvm.start(TornCommitWriter.class, log, journal.toString())) {
      assertEquals(9, child.awaitExit(), "the writer halts mid-commit; see " + log);
      assertTrue(child.lines.contains("WRITING"));
    }
    Files.delete(log);
  }
}
