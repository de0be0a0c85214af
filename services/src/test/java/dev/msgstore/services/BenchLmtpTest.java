package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --only lmtp --quick} where the daemon can be started (this module's class path): it
 * provisions a scratch store, starts the daemon as a child process, loads it with 4 and 32
 * connections, times deliver with the daemon up and down, stops it, and leaves nothing behind. No
 * figure is checked, only that each was measured and nothing was refused.
 */
class BenchLmtpTest {
  @TempDir Path scratch;

  @Test
  void theLmtpSectionMeasuresTheDaemonAndCleansUp() throws Exception {
    Cli r = Cli.run("bench", "--only", "lmtp", "--quick", "--dir", scratch.toString());
    assertEquals(0, r.exit(), r::toString);
    String out = r.out();
    for (String line :
        new String[] {
          "  msgstore         K= 4: ",
          "  msgstore         K=32: ",
          "deliver, daemon up (LMTP hand-off), one launcher a message: median ",
          "deliver, daemon down (in-process), one launcher a message: median "
        }) {
      assertTrue(out.contains(line), "missing '" + line + "' in:\n" + out);
    }
    assertFalse(out.contains("refused, first:"), out);
    assertTrue(
        out.contains("  dovecot ") || out.contains("  dovecot: not installed, so msgstore alone"),
        out);
    try (var left = Files.list(scratch)) {
      assertEquals(0, left.count(), "the bench cleans its scratch directory");
    }
  }
}
