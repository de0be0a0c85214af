package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench runs and reports every figure; the figures themselves are not judged here. */
class BenchCommandTest {
  @TempDir Path scratch;

  @Test
  void quickRunReportsEverySection() throws Exception {
    Cli r = Cli.run("bench", "--quick", "--dir", scratch.toString());
    assertEquals(0, r.exit(), r.err());
    for (String line :
        new String[] {
          "append, 1 event/commit, 8 writers:",
          "append, 100 events/commit, 1 writer:",
          "replay into empty projections (1st):",
          "replay into empty projections (2nd):",
          "1 writer :",
          "8 writers:",
          "journal fsyncs:",
          "messages: ",
          "heap with 10x the messages:",
          "deliver, one JVM per message:",
          "mboxutil -l, 200 users x 10 folders:",
          "reconstruct -m (rebuild the projections from the journal):",
          "reconstruct -r -n (re-hash every message's body):"
        }) {
      assertTrue(r.out().contains(line), "missing '" + line + "' in:\n" + r.out());
    }
    try (var left = Files.list(scratch)) {
      assertEquals(0, left.count(), "the bench cleans its scratch directory");
    }
  }

  @Test
  void nonsenseSizesAreUsageErrors() {
    Cli r = Cli.run("bench", "--messages", "0", "--dir", scratch.toString());
    assertEquals(64, r.exit());
    assertTrue(r.err().startsWith("bench: --events, --messages"), r.err());
  }
}
