package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path root;

  @Test
  void provisionsDeliversAndReportsWhatTheStoreHolds() {
    Cli r = Cli.run("demo", "--store", root.toString(), "--users", "2", "--messages", "3");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("delivered 7 messages to 2 users; expunged and restored 1\n"), r.out());
    assertTrue(r.out().contains("     4         1 primary    user/demo1/INBOX\n"), r.out());
    assertTrue(r.out().contains("     3         1 primary    user/demo2/INBOX\n"), r.out());
    assertTrue(r.out().contains("quota demo1: "), r.out());
    try (Store s = Store.open(root);
        ProjectionReader read = s.read()) {
      assertEquals(4, read.mailbox("user/demo1/INBOX").orElseThrow().messages());
      assertEquals(
          "lrs", read.acl(read.mailbox("shared/announcements").orElseThrow().id()).get(0).rights());
    }
  }

  @Test
  void runsAgainOnTheSameStoreAndFindsItThroughMsgstoreHome() {
    Map<String, String> env = Map.of("MSGSTORE_HOME", root.toString());
    assertEquals(0, Cli.run(env, "demo", "--users", "1", "--messages", "1").exit());
    Cli again = Cli.run(env, "demo", "--users", "1", "--messages", "1");
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("     4         1 primary    user/demo1/INBOX\n"), again.out());
  }
}
