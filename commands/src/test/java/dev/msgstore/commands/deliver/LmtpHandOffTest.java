package dev.msgstore.commands.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.lmtp.LmtpClient;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What deliver makes of the daemon's replies, and what it does when no daemon answers. The hand-off
 * to a running daemon is tested in the services module (LmtpDeliverTest), where the daemon is.
 */
class LmtpHandOffTest {
  @TempDir Path dir;

  private static int exit(String reply) throws IOException {
    return LmtpHandOff.exitCode(
        new LmtpClient(
                new ByteArrayInputStream((reply + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayOutputStream())
            .reply());
  }

  @Test
  void eachReplyIsTheExitCodeDeliverGivesForTheSameVerdict() throws IOException {
    assertEquals(0, exit("250 2.0.0 <u1@example.com> delivered"));
    assertEquals(75, exit("450 4.2.1 <u1@example.com> the user's status is hold"));
    assertEquals(75, exit("452 4.2.2 <u1@example.com> over quota"));
    assertEquals(75, exit("421 4.3.2 shutting down"));
    assertEquals(67, exit("550 5.1.1 <nobody@example.com> unknown user"));
    assertEquals(67, exit("550 no such user")); // no enhanced code: 550 is the mailbox's
    assertEquals(73, exit("552 5.2.2 <u1@example.com> over quota"));
    assertEquals(65, exit("552 5.3.4 message too big"));
    assertEquals(65, exit("554 5.6.0 not a message"));
    assertEquals(77, exit("550 5.7.1 not permitted"));
    assertEquals(70, exit("503 5.5.1 bad sequence of commands"));
    assertEquals(69, exit("554 5.3.0 mail system failure"));
    assertEquals(69, exit("554 transaction failed"));
  }

  @Test
  void theFastPathTakesOnlyUsersTheStoreAndASender() {
    Map<String, String> env = Map.of("MSGSTORE_HOME", "/srv/store");
    assertEquals(
        Optional.of(new DeliverFastPath.Line(Path.of("/s"), "a@b.c", List.of("joe", "ann@x.org"))),
        DeliverFastPath.Line.parse(
            new String[] {
              "deliver", "--store", "/s", "-r", "a@b.c", "joe", "-x", "ann@x.org", "joe"
            },
            env));
    assertEquals(
        Path.of("/srv/store"),
        DeliverFastPath.Line.parse(new String[] {"deliver", "joe"}, env).orElseThrow().store());
    assertEquals(
        Path.of("data"),
        DeliverFastPath.Line.parse(new String[] {"deliver", "--store=data", "joe"}, Map.of())
            .orElseThrow()
            .store());
    for (String[] other :
        new String[][] {
          {"deliver", "-m", "Sent", "joe"},
          {"deliver", "-g", "\\Seen", "joe"},
          {"deliver", "-q", "joe"},
          {"deliver", "-p", "j*"},
          {"deliver", "-t", "1", "joe"},
          {"deliver", "--format", "json", "joe"},
          {"deliver", "--help"},
          {"deliver", "--store", "/a", "--store", "/b", "joe"},
          {"deliver", "-r", "bad\naddress", "joe"},
          {"deliver", "jo/e"},
          {"deliver", "--", "joe"},
          {"deliver"},
          {"mboxutil", "joe"}
        }) {
      assertEquals(
          Optional.empty(), DeliverFastPath.Line.parse(other, env), String.join(" ", other));
    }
  }

  @Test
  void aSocketNoDaemonListensOnMeansDeliveringInProcess() throws Exception {
    Path store = dir.resolve("store");
    Path socket = LmtpHandOff.socket(store);
    Files.createDirectories(socket.getParent());
    try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      gone.bind(UnixDomainSocketAddress.of(socket)); // a daemon killed leaves its socket file
    }
    assertTrue(Files.exists(socket));
    byte[] message =
        "Subject: stale\r\nMessage-ID: <stale@example.com>\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        DeliverFastPath.run(
            new String[] {"deliver", "--store", store.toString(), "joe"},
            new ByteArrayInputStream(message),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err),
            Map.of());
    assertEquals(0, exit, err.toString());
    try (Store s = Store.open(store);
        ProjectionReader r = s.read()) {
      var inbox = r.mailbox("user/joe/INBOX").orElseThrow();
      var m = r.messages(inbox.id());
      assertEquals(1, m.size());
      assertEquals("<stale@example.com>", m.get(0).messageId());
      try (var body = s.openMessage(inbox, m.get(0))) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(message, body.readAllBytes());
      }
    }
  }

  @Test
  void inputThatIsNoMessageGetsDeliversOwnLineThroughTheFastPath() throws Exception {
    Path store = dir.resolve("store");
    Path socket = LmtpHandOff.socket(store);
    Files.createDirectories(socket.getParent());
    try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      gone.bind(UnixDomainSocketAddress.of(socket));
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        DeliverFastPath.run(
            new String[] {"deliver", "--store", store.toString(), "joe"},
            new ByteArrayInputStream("From joe Thu Dec 3\nSubject: x\n\nbody\n".getBytes()),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err),
            Map.of());
    assertEquals(65, exit);
    assertTrue(
        err.toString().startsWith("deliver: standard input is not a mail message: its first line"),
        err.toString());
  }
}
