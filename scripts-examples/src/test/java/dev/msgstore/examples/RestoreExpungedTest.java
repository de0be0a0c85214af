package dev.msgstore.examples;

import static dev.msgstore.examples.ExampleStore.append;
import static dev.msgstore.examples.ExampleStore.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.Expunge;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore-expunged.groovy: a user's messages expunged in the last hours, back under new UIDs. */
class RestoreExpungedTest {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @TempDir Path dir;
  ExampleStore store;

  /**
   * Two days ago joe got "old" (INBOX UID 1), expunged then. Now: joe's INBOX gets m2, m3, m4 (UIDs
   * 2-4), his Sent s1, s2 (UIDs 1-2), ann's INBOX a1; then m2, m4, s2 and a1 are expunged.
   */
  @BeforeEach
  void store() {
    store = new ExampleStore(dir);
    Instant twoDaysAgo = Instant.now().minus(Duration.ofHours(48));
    store.withStore(
        Clock.fixed(twoDaysAgo, ZoneOffset.UTC),
        s -> {
          s.execute(ExampleStore.TESTER, new CreateMailbox("user/joe/INBOX", null));
          s.execute(ExampleStore.TESTER, new CreateMailbox("user/joe/Sent", null));
          s.execute(ExampleStore.TESTER, new CreateMailbox("user/ann/INBOX", null));
          append(s, "user/joe/INBOX", message("old", "old@test", 300));
          s.execute(ExampleStore.TESTER, new Expunge("user/joe/INBOX", List.of(1L)));
        });
    store.withStore(
        Clock.systemUTC(),
        s -> {
          append(s, "user/joe/INBOX", message("m2", "m2@test", 200));
          append(s, "user/joe/INBOX", message("m3", "m3@test", 210));
          append(s, "user/joe/INBOX", message("m4", "m4@test", 220));
          append(s, "user/joe/Sent", message("s1", "s1@test", 230));
          append(s, "user/joe/Sent", message("s2", null, 240));
          append(s, "user/ann/INBOX", message("a1", "a1@test", 250));
        });
    store.execute(
        new Expunge("user/joe/INBOX", List.of(2L, 4L)),
        new Expunge("user/joe/Sent", List.of(2L)),
        new Expunge("user/ann/INBOX", List.of(1L)));
  }

  String expungedAt(String mailbox, long uid) {
    ExpungedMessage e =
        store.expunged(mailbox).stream()
            .filter(x -> x.message().uid() == uid)
            .findFirst()
            .orElseThrow();
    return TIME.format(Instant.EPOCH.plus(e.expungedMicros(), ChronoUnit.MICROS));
  }

  List<String> messageIds(String mailbox) {
    return store.messages(mailbox).stream()
        .map(m -> m.uid() + " " + (m.messageId().isEmpty() ? "-" : m.messageId()))
        .toList();
  }

  @Test
  void restoresWhatWasExpungedInTheLastDayInEveryFolderUnderNewUids() {
    String m2 = expungedAt("user/joe/INBOX", 2);
    String m4 = expungedAt("user/joe/INBOX", 4);
    String s2 = expungedAt("user/joe/Sent", 2);

    ExampleStore.Run r = store.script("restore-expunged.groovy", "joe").ok();

    assertEquals(
        List.of(
            "user/joe/INBOX: 2 message(s) expunged in the last 24 hour(s)",
            "  uid 2 -> 5  200 bytes  expunged " + m2 + "  <m2@test>",
            "  uid 4 -> 6  220 bytes  expunged " + m4 + "  <m4@test>",
            "user/joe/Sent: 1 message(s) expunged in the last 24 hour(s)",
            "  uid 2 -> 3  240 bytes  expunged " + s2 + "  (no Message-ID)",
            "restored 3 message(s) in 2 folder(s) of joe"),
        r.lines());
    assertEquals(
        List.of("3 <m3@test>", "5 <m2@test>", "6 <m4@test>"), messageIds("user/joe/INBOX"));
    assertEquals(List.of("1 <s1@test>", "3 -"), messageIds("user/joe/Sent"));
    MessageRecord back = store.messages("user/joe/INBOX").get(1);
    assertEquals(message("m2", "m2@test", 200), store.text("user/joe/INBOX", back));
    // What was expunged two days ago, and ann's message, are still expunged.
    assertEquals(
        List.of(1L),
        store.expunged("user/joe/INBOX").stream().map(e -> e.message().uid()).toList());
    assertTrue(store.expunged("user/joe/Sent").isEmpty());
    assertEquals(1, store.expunged("user/ann/INBOX").size());
    assertTrue(store.messages("user/ann/INBOX").isEmpty());
  }

  @Test
  void moreHoursReachFurtherBackAndARunWithNothingLeftSaysSo() {
    store.script("restore-expunged.groovy", "joe", "--hours", "72").ok();
    assertEquals(
        List.of("3 <m3@test>", "5 <old@test>", "6 <m2@test>", "7 <m4@test>"),
        messageIds("user/joe/INBOX"));

    ExampleStore.Run again = store.script("restore-expunged.groovy", "joe", "--hours", "72").ok();
    assertEquals(
        "nothing to restore: no message of joe was expunged in the last 72 hour(s)\n", again.out());
  }

  @Test
  void anUnknownUserIsAnErrorAndNothingIsRestored() {
    ExampleStore.Run r = store.script("restore-expunged.groovy", "nobody");
    assertEquals(67, r.exit());
    assertEquals("restore-expunged: no such user: nobody\n", r.err());
    assertEquals("", r.out());
    assertEquals(3, store.expunged("user/joe/INBOX").size());
  }

  @Test
  void badArgumentsPrintTheUsage() {
    for (List<String> args :
        List.of(
            List.<String>of(),
            List.of("joe", "--hours"),
            List.of("joe", "--hours", "0"),
            List.of("joe", "ann"),
            List.of("--days", "2", "joe"))) {
      ExampleStore.Run r = store.script("restore-expunged.groovy", args.toArray(String[]::new));
      assertEquals(64, r.exit(), args + ": " + r.err());
      assertTrue(
          r.err().endsWith("usage: msgstore run restore-expunged.groovy user [--hours N]\n"),
          args + ": " + r.err());
    }
    assertEquals(3, store.expunged("user/joe/INBOX").size());
  }
}
