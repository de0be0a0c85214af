package dev.msgstore.commands.relinker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.commands.StoreRun;
import dev.msgstore.store.Store;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** relinker (Table 71-36): duplicates folded, the reference's statistics table, -p, -d. */
class RelinkerCommandTest {
  @TempDir Path root;

  StoreRun run(String stdin, String... args) {
    return StoreRun.run(root, stdin, args);
  }

  StoreRun ok(String stdin, String... args) {
    return StoreRun.ok(root, stdin, args);
  }

  /** A message of exactly 10 KiB. */
  static String message(String tag) {
    String head = "Subject: " + tag + "\r\n\r\n";
    return head + "x".repeat(10240 - head.length());
  }

  /**
   * joe has a, b, c; ann has a (one copy: single copy at delivery); then a and b are written again
   * into another segment, as two processes delivering the same new body at once would.
   */
  @BeforeEach
  void store() throws Exception {
    for (String t : List.of("a", "b", "c")) {
      ok(message(t), "deliver", "joe");
    }
    ok(message("a"), "deliver", "ann");
    try (Store s = Store.open(root)) {
      for (String t : List.of("a", "b")) {
        s.bodies("primary")
            .restore(new ByteArrayInputStream(message(t).getBytes(StandardCharsets.US_ASCII)));
      }
    }
  }

  static final String RULE = "-".repeat(57) + "\n";

  @Test
  void foldsDuplicatesAndPrintsTheReferencesTable() {
    String expected =
        "Processing partition: primary\n"
            + "Scanning digest repository...\n"
            + "Processing user directories...\n"
            + RULE
            + "Partition statistics                Before        After\n"
            + RULE
            + "Total messages                           4            4\n"
            + "Unique messages                          5            3\n"
            + "Message digests in repository            3            3\n"
            + "Space used                              50Kb         30Kb\n"
            + "Space savings from single-copy           0Kb         10Kb\n"
            + RULE;
    assertEquals(expected, ok("", "relinker").out());
    String again = ok("", "relinker", "-p", "primary").out();
    assertEquals(
        expected
            .replace("5            3", "3            3")
            .replace("50Kb         30Kb", "30Kb         30Kb")
            .replace(" 0Kb         10Kb", "10Kb         10Kb"),
        again);
    assertEquals(66, run("", "relinker", "-p", "nowhere").exit());
    // the bodies are all still readable
    assertEquals(0, run("", "imcheck", "-m", "user/joe/INBOX", "-b", "2").exit());
  }

  @Test
  void purgesTheRepositoryOfBodiesNoMessageNames() {
    ok("", "mboxutil", "-d", "user/ann/INBOX");
    ok("", "mboxutil", "-d", "user/joe/INBOX");
    ok(message("k"), "deliver", "kim");
    assertEquals(
        "Processing partition: primary\n"
            + "Purging digest repository...\n"
            + RULE
            + "Partition statistics                Before        After\n"
            + RULE
            + "Message digests in repository            4            1\n"
            + RULE,
        ok("", "relinker", "-d").out());
  }
}
