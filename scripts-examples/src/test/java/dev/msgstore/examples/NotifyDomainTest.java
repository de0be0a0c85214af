package dev.msgstore.examples;

import static dev.msgstore.examples.ExampleStore.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.command.SetUserStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** notify-domain.groovy: a notice delivered to every user of a domain. */
class NotifyDomainTest {
  static final List<String> USERS =
      List.of(
          "ann@example.com",
          "Bob@EXAMPLE.com",
          "carol@example.com.au",
          "dave@other.org",
          "eve@example.com",
          "example.com",
          "joe@example.com");

  @TempDir Path dir;
  ExampleStore store;
  Path notice;

  /** Every user has one message in INBOX; eve is on hold (deliver defers her mail: 75). */
  @BeforeEach
  void store() throws IOException {
    store = new ExampleStore(dir);
    for (String u : USERS) {
      store.deliver(message("welcome", "welcome." + u + "@test", 300), u);
    }
    store.execute(new SetUserStatus("eve@example.com", "hold"));
    notice =
        Files.writeString(
            dir.resolve("notice.eml"),
            "From: postmaster@example.com\r\n"
                + "Subject: Maintenance on Sunday\r\n"
                + "Message-ID: <notice.1@example.com>\r\n"
                + "\r\n"
                + "The mail service stops for one hour at 06:00 UTC.\r\n");
  }

  /** The Message-IDs in each user's INBOX after the welcome message. */
  Map<String, List<String>> received() {
    Map<String, List<String>> out = new TreeMap<>();
    for (String u : USERS) {
      List<MessageRecord> inbox = store.messages("user/" + u + "/INBOX");
      out.put(u, inbox.subList(1, inbox.size()).stream().map(MessageRecord::messageId).toList());
    }
    return out;
  }

  @Test
  void deliversToEveryUserOfTheDomainAndSaysWhoDidNotGetIt() throws IOException {
    ExampleStore.Run r = store.script("notify-domain.groovy", "Example.COM", notice.toString());

    assertEquals(75, r.exit(), "eve's delivery is deferred: " + r.err());
    assertEquals("notice.eml delivered to 3 of 4 user(s) of example.com\n", r.out());
    List<String> err = r.err().lines().toList();
    assertEquals(1, err.size(), r.err());
    assertTrue(
        err.get(0).startsWith("notify-domain: not delivered to eve@example.com: deliver: "),
        err.get(0));
    assertTrue(err.get(0).endsWith(" (exit 75)"), err.get(0));
    List<String> notified = List.of("<notice.1@example.com>");
    assertEquals(
        Map.of(
            "ann@example.com", notified,
            "Bob@EXAMPLE.com", notified,
            "carol@example.com.au", List.of(),
            "dave@other.org", List.of(),
            "eve@example.com", List.of(),
            "example.com", List.of(),
            "joe@example.com", notified),
        received());
    List<MessageRecord> joe = store.messages("user/joe@example.com/INBOX");
    assertEquals(Files.readString(notice), store.text("user/joe@example.com/INBOX", joe.get(1)));
  }

  @Test
  void whenEveryUserCanReceiveItTheExitIsZero() {
    store.execute(new SetUserStatus("eve@example.com", "active"));
    ExampleStore.Run r =
        store.script("notify-domain.groovy", "example.com", notice.toString()).ok();
    assertEquals("notice.eml delivered to 4 of 4 user(s) of example.com\n", r.out());
    assertEquals(List.of("<notice.1@example.com>"), received().get("eve@example.com"));
  }

  @Test
  void aNoticeThatIsNotAMessageReachesNobody() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.eml"), "just some text\n");
    ExampleStore.Run r = store.script("notify-domain.groovy", "example.com", bad.toString());
    assertEquals(65, r.exit());
    assertTrue(
        r.err().startsWith("notify-domain: bad.eml refused, nobody got it: deliver: "), r.err());
    assertEquals("bad.eml delivered to 0 of 4 user(s) of example.com\n", r.out());
    assertTrue(received().values().stream().allMatch(List::isEmpty), received().toString());
  }

  @Test
  void aDomainWithoutUsersOrAMissingNoticeIsAnErrorAndNothingIsDelivered() {
    ExampleStore.Run none = store.script("notify-domain.groovy", "example.net", notice.toString());
    assertEquals(67, none.exit());
    assertEquals("notify-domain: no user of example.net\n", none.err());

    Path missing = dir.resolve("missing.eml");
    ExampleStore.Run r = store.script("notify-domain.groovy", "example.com", missing.toString());
    assertEquals(66, r.exit());
    assertEquals("notify-domain: cannot read " + missing + "\n", r.err());
    assertTrue(received().values().stream().allMatch(List::isEmpty), received().toString());
  }

  @Test
  void badArgumentsPrintTheUsage() {
    for (List<String> args :
        List.of(
            List.<String>of(),
            List.of("example.com"),
            List.of("*@example.com", notice.toString()),
            List.of("-p", "example.com", notice.toString()))) {
      ExampleStore.Run r = store.script("notify-domain.groovy", args.toArray(String[]::new));
      assertEquals(64, r.exit(), args + ": " + r.err());
      assertTrue(
          r.err().endsWith("usage: msgstore run notify-domain.groovy DOMAIN notice.eml\n"),
          args + ": " + r.err());
    }
    assertTrue(received().values().stream().allMatch(List::isEmpty));
  }
}
