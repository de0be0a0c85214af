package dev.msgstore.commands.imcheck;

import static dev.msgstore.commands.imcheck.ImcheckFixture.JA_FOLDER;
import static dev.msgstore.commands.imcheck.ImcheckFixture.golden;
import static dev.msgstore.commands.imcheck.ImcheckFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.imcheck.ImcheckFixture.Run;
import dev.msgstore.projections.model.UserDirectoryHash;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imcheck -m} and its modifiers, with the reference's jauser example as golden text. */
class ImcheckMailboxTest {
  @TempDir Path root;

  @BeforeEach
  void store() throws IOException {
    ImcheckFixture.jauser(root);
  }

  private String expected() throws IOException {
    // The store root and the hash directory are this test's (see resources/imcheck/README.md).
    return golden("m-jauser.txt")
        .replace("${PARTITION}", root.toRealPath().resolve("partition/primary").toString())
        .replace("${HASH}", UserDirectoryHash.of("jauser"));
  }

  @Test
  void theReferenceExampleIsReproduced() throws IOException {
    Run r = run(root, "-m", JA_FOLDER);
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    assertEquals(expected(), r.out());
  }

  @Test
  void headerOnlyStopsBeforeTheTable() throws IOException {
    String block = expected().substring(0, expected().indexOf("\n\n") + 1);
    assertEquals(block, run(root, "-H", "-m", JA_FOLDER).out());
  }

  @Test
  void aDirectoryNamesTheSameMailbox() throws IOException {
    String path = expected().lines().filter(l -> l.startsWith("Path: ")).findFirst().orElseThrow();
    assertEquals(expected(), run(root, "-x", path.substring("Path: ".length())).out());
  }

  @Test
  void badInputIsOneClearLine() {
    assertRefused(66, "imcheck: no such mailbox: user/jauser/nope", "-m", "user/jauser/nope");
    assertRefused(65, "imcheck: no message 2 in " + JA_FOLDER, "-m", JA_FOLDER, "-c", "2");
    // A malformed message number is a usage error (64), as picocli makes every other one.
    assertRefused(
        64, "imcheck: -b: not a message number (1 or more): x", "-m", JA_FOLDER, "-b", "x");
    assertRefused(
        64, "imcheck: -c: not a message number (1 or more): abc", "-m", JA_FOLDER, "-c", "abc");
    assertRefused(
        64, "imcheck: -c: not a message number (1 or more): 0", "-m", JA_FOLDER, "-c", "0");
    assertRefused(64, "imcheck: unknown table nope", "-d", "nope");
    assertRefused(64, "imcheck: unknown subsystem mpool", "-s", "mpool");
    assertRefused(64, "imcheck: Unknown option: '-Z'", "-Z");
    assertRefused(64, "imcheck: -c needs -m or -x", "-p", "primary", "-c", "1");
    assertRefused(66, "imcheck: no such partition: nope", "-p", "nope");
  }

  private void assertRefused(int exit, String firstLine, String... args) {
    Run r = run(root, args);
    assertEquals(exit, r.exit(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith(firstLine), r.err());
  }

  @Test
  void aMalformedMessageNumberIsOneUsageLine() {
    Run r = run(root, "-m", JA_FOLDER, "-c", "abc");
    assertEquals(64, r.exit(), r.err());
    assertEquals("imcheck: -c: not a message number (1 or more): abc\n", r.err());
  }
}
