package dev.msgstore.examples;

import static dev.msgstore.examples.ExampleStore.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** move-users.groovy: the accounts of the users matching a pattern, to another partition. */
class MoveUsersTest {
  @TempDir Path dir;
  ExampleStore store;
  Path fast;

  /**
   * joe@example.com (INBOX 2 messages, Sent 1), ann@example.com (1 message, already on fast),
   * bob@example.org, test1 and test2 (1 message each), all on primary but ann.
   */
  @BeforeEach
  void store() {
    store = new ExampleStore(dir);
    fast = store.declarePartition("fast");
    store.create("user/joe@example.com/INBOX", "user/joe@example.com/Sent");
    store.deliver(message("one", "joe.1@test", 300), "joe@example.com");
    store.deliver(message("two", "joe.2@test", 300), "joe@example.com");
    store.deliver(message("sent", "joe.3@test", 300), "-m", "Sent", "joe@example.com");
    for (String u : List.of("ann@example.com", "bob@example.org", "test1", "test2")) {
      store.deliver(message("hello " + u, u + ".1@test", 300), u);
    }
    store
        .verb("mboxutil", "-r", "user/ann@example.com/INBOX", "user/ann@example.com/INBOX", "fast")
        .ok();
  }

  /** Each user's partition, and the partitions of their mailboxes. */
  Map<String, String> partitions() {
    Map<String, String> out = new TreeMap<>();
    for (String u :
        List.of("ann@example.com", "bob@example.org", "joe@example.com", "test1", "test2")) {
      List<String> boxes =
          store.mailboxes("user/" + u + "/").stream()
              .map(MailboxRecord::partition)
              .distinct()
              .toList();
      out.put(u, store.user(u).partition() + " " + boxes);
    }
    return out;
  }

  @Test
  void movesEveryMatchingAccountWithItsMessagesAndLeavesTheOthers() {
    ExampleStore.Run r = store.script("move-users.groovy", "*@example.com", "fast").ok();

    assertEquals(
        List.of(
            "unchanged ann@example.com: already on fast",
            "moved joe@example.com: primary -> fast (2 mailbox(es), 3 message(s))",
            "1 of 2 user(s) matching *@example.com moved to fast"),
        r.lines());
    assertEquals(
        Map.of(
            "ann@example.com", "fast [fast]",
            "bob@example.org", "primary [primary]",
            "joe@example.com", "fast [fast]",
            "test1", "primary [primary]",
            "test2", "primary [primary]"),
        partitions());
    // joe's messages are all there, read from the new partition's body store.
    List<MessageRecord> inbox = store.messages("user/joe@example.com/INBOX");
    assertEquals(2, inbox.size());
    assertEquals(
        message("two", "joe.2@test", 300), store.text("user/joe@example.com/INBOX", inbox.get(1)));
    assertEquals(1, store.messages("user/joe@example.com/Sent").size());
    assertTrue(Files.isDirectory(fast), "the partition's directory was made: " + fast);
  }

  @Test
  void aQuestionMarkMatchesOneCharacter() {
    ExampleStore.Run r = store.script("move-users.groovy", "test?", "fast").ok();
    assertEquals(
        List.of(
            "moved test1: primary -> fast (1 mailbox(es), 1 message(s))",
            "moved test2: primary -> fast (1 mailbox(es), 1 message(s))",
            "2 of 2 user(s) matching test? moved to fast"),
        r.lines());
    assertEquals("fast [fast]", partitions().get("test2"));
    assertEquals("primary [primary]", partitions().get("joe@example.com"));
  }

  @Test
  void anUnknownPartitionIsRefusedBeforeAnythingMoves() {
    Map<String, String> before = partitions();
    ExampleStore.Run r = store.script("move-users.groovy", "*", "archive");
    assertEquals(67, r.exit());
    assertEquals("", r.out());
    assertEquals(
        "move-users: no such partition: archive (declare it with configutil -o"
            + " store.partition.archive.path -v DIR)\n",
        r.err());
    assertEquals(before, partitions());
  }

  @Test
  void aPatternThatMatchesNoUserIsAnError() {
    ExampleStore.Run r = store.script("move-users.groovy", "*@example.net", "fast");
    assertEquals(67, r.exit());
    assertEquals("move-users: no user matches *@example.net\n", r.err());
  }

  @Test
  void badArgumentsPrintTheUsage() {
    Map<String, String> before = partitions();
    for (List<String> args :
        List.of(
            List.<String>of(), List.of("*"), List.of("*", "fast", "now"), List.of("-a", "fast"))) {
      ExampleStore.Run r = store.script("move-users.groovy", args.toArray(String[]::new));
      assertEquals(64, r.exit(), args + ": " + r.err());
      assertTrue(
          r.err().startsWith("usage: msgstore run move-users.groovy PATTERN PARTITION\n"),
          args + ": " + r.err());
    }
    assertEquals(before, partitions());
  }
}
