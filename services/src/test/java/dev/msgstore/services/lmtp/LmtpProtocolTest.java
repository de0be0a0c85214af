package dev.msgstore.services.lmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.store.command.ModifyUserEntry;
import dev.msgstore.store.directory.UserStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LMTP server on the wire (RFC 2033, 5321, 2920, 3030): a raw client and Python's smtplib
 * against the lmtp component on a store with users in every state the replies depend on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LmtpProtocolTest {
  private LmtpServer server;

  static final String RP = "Return-Path: <sender@example.net>\r\n";

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    server =
        new LmtpServer(
            dir.resolve("store"),
            List.of(
                List.of("configutil", "-o", "service.lmtp.maxrcpts", "-v", "5"),
                List.of("configutil", "-o", "service.lmtp.maxmessagesize", "-v", "4000"),
                List.of("configutil", "-o", "service.lmtp.maxlinelength", "-v", "600"),
                List.of("configutil", "-o", "service.lmtp.savetodetailmailbox", "-v", "yes"),
                List.of("configutil", "-o", "service.lmtp.maxsessionsperclient", "-v", "3"),
                List.of("domain", "create", "example.com"),
                List.of("user", "create", "ann@example.com", "--alias", "annie@example.com"),
                List.of("user", "create", "held@example.com"),
                List.of("user", "status", "held@example.com", "hold"),
                List.of("user", "create", "gone@example.com"),
                List.of("user", "status", "gone@example.com", "deleted"),
                List.of("user", "create", "small@example.com", "--msgquota", "1"),
                List.of("user", "create", "flip@example.com"),
                List.of("mboxutil", "-c", "user/joe/INBOX"),
                List.of("mboxutil", "-c", "user/joe/lists")));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Client lhlo() throws IOException {
    Client c = Client.greeted(server.port);
    assertTrue(c.cmd("LHLO test.example").startsWith("250 "));
    return c;
  }

  @Test
  void lhloAnnouncesTheExtensions() throws IOException {
    try (Client c = Client.greeted(server.port)) {
      c.send("LHLO client.example\r\n");
      List<String> lines = c.replyLines();
      assertEquals(
          List.of(
              "250-PIPELINING",
              "250-ENHANCEDSTATUSCODES",
              "250-8BITMIME",
              "250-SIZE 4000",
              "250-CHUNKING",
              "250 BINARYMIME"),
          lines.subList(1, lines.size()));
      assertEquals("221 2.0.0 " + lines.get(0).substring(4) + " Bye", c.cmd("QUIT"));
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void oneReplyPerAcceptedRecipientAfterData() throws IOException {
    int annBefore = server.messages("user/ann@example.com/INBOX").size();
    try (Client c = lhlo()) {
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<sender@example.net> BODY=8BITMIME"));
      assertEquals("250 2.1.5 <ann@example.com> OK", c.cmd("RCPT TO:<ann@example.com>"));
      assertEquals("250 2.1.5 <annie@Example.COM> OK", c.cmd("RCPT TO:<annie@Example.COM>"));
      assertEquals(
          "550 5.1.1 <nobody@example.com> User doesn't exist",
          c.cmd("RCPT TO:<nobody@example.com>"));
      assertEquals(
          "450 4.2.1 <held@example.com> Mailbox temporarily not accepting messages",
          c.cmd("RCPT TO:<held@example.com>"));
      assertEquals(
          "550 5.2.1 <gone@example.com> Mailbox disabled, not accepting messages",
          c.cmd("RCPT TO:<gone@example.com>"));
      assertEquals("250 2.1.5 <joe@example.org> OK", c.cmd("RCPT TO:<joe@example.org>"));
      assertTrue(c.cmd("DATA").startsWith("354 "));
      c.send("Subject: one\r\n\r\n..a stuffed dot\r\nlast line\r\n.\r\n");
      assertEquals("250 2.0.0 <ann@example.com> Saved", c.reply());
      assertEquals("250 2.0.0 <annie@Example.COM> Saved", c.reply());
      assertEquals("250 2.0.0 <joe@example.org> Saved", c.reply());
      assertEquals("250 2.0.0 Ok", c.cmd("NOOP"));
    }
    byte[] expected = bytes(RP + "Subject: one\r\n\r\n.a stuffed dot\r\nlast line\r\n");
    List<byte[]> ann = server.messages("user/ann@example.com/INBOX");
    assertEquals(annBefore + 1, ann.size(), "one copy for two addresses of one user");
    assertArrayEquals(expected, ann.get(ann.size() - 1));
    List<byte[]> joe = server.messages("user/joe/INBOX");
    assertArrayEquals(expected, joe.get(joe.size() - 1));
    assertTrue(server.messages("user/nobody@example.com/INBOX").isEmpty());
    assertTrue(server.counter("msgstore.lmtp.rejects", "reason", "unknown_user") >= 1);
    assertTrue(server.counter("msgstore.lmtp.deliveries") >= 3);
  }

  /**
   * A directory change is seen by the next RCPT after it commits, within one session and one
   * transaction: the RCPT's lookups read a view caught up when it began, never an older one.
   */
  @Test
  void aStatusChangeIsSeenByTheNextRcpt() throws IOException {
    Author admin = Author.of("tester", "test");
    try (Client c = lhlo()) {
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<sender@example.net>"));
      assertEquals("250 2.1.5 <flip@example.com> OK", c.cmd("RCPT TO:<flip@example.com>"));
      server.store.execute(
          admin, new ModifyUserEntry("flip@example.com", u -> u.withStatus(UserStatus.HOLD, 0)));
      assertEquals(
          "450 4.2.1 <flip@example.com> Mailbox temporarily not accepting messages",
          c.cmd("RCPT TO:<flip@example.com>"));
      server.store.execute(
          admin, new ModifyUserEntry("flip@example.com", u -> u.withStatus(UserStatus.ACTIVE, 0)));
      assertEquals("250 2.1.5 <flip@example.com> OK", c.cmd("RCPT TO:<flip@example.com>"));
      server.store.execute(
          admin, new ModifyUserEntry("flip@example.com", u -> u.withStatus(UserStatus.DELETED, 0)));
      assertEquals(
          "550 5.2.1 <flip@example.com> Mailbox disabled, not accepting messages",
          c.cmd("RCPT TO:<flip@example.com>"));
      assertEquals("250 2.0.0 Ok", c.cmd("RSET"));
    }
  }

  /**
   * Over quota is 452 4.2.2 at RCPT, before the message is sent, once a user is at their limit; and
   * at DATA for a copy that passed RCPT while another delivery filled the quota meanwhile.
   */
  @Test
  void overQuotaIsTemporaryAtRcptAndAtData() throws IOException {
    try (Client a = lhlo();
        Client b = lhlo()) {
      for (Client c : List.of(a, b)) { // both pass RCPT while the user has room for one more
        assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<sender@example.net>"));
        assertEquals("250 2.1.5 <small@example.com> OK", c.cmd("RCPT TO:<small@example.com>"));
      }
      for (int i = 0; i < 2; i++) {
        Client c = i == 0 ? a : b;
        assertTrue(c.cmd("DATA").startsWith("354"));
        c.send("Subject: q" + i + "\r\n\r\nx\r\n.\r\n");
        assertEquals(
            i == 0
                ? "250 2.0.0 <small@example.com> Saved"
                : "452 4.2.2 <small@example.com> Mailbox is full",
            c.reply());
      }
      assertEquals("250 2.1.0 Ok", a.cmd("MAIL FROM:<sender@example.net> SIZE=10"));
      assertEquals(
          "452 4.2.2 <small@example.com> Mailbox is full", a.cmd("RCPT TO:<small@example.com>"));
      assertEquals("503 5.5.1 No valid recipients", a.cmd("DATA"));
    }
    assertEquals(1, server.messages("user/small@example.com/INBOX").size());
  }

  @Test
  void tooBigByItsSizeAndByItsData() throws IOException {
    int before = server.messages("user/joe/INBOX").size();
    try (Client c = lhlo()) {
      assertEquals(
          "552 5.3.4 Message size exceeds fixed limit",
          c.cmd("MAIL FROM:<sender@example.net> SIZE=4001"));
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<sender@example.net> SIZE=100"));
      assertEquals("250 2.1.5 <joe@example.org> OK", c.cmd("RCPT TO:<joe@example.org>"));
      assertEquals("250 2.1.5 <ann@example.com> OK", c.cmd("RCPT TO:<ann@example.com>"));
      assertTrue(c.cmd("DATA").startsWith("354"));
      c.send("Subject: big\r\n\r\n" + "x".repeat(78) + "\r\n");
      for (int i = 0; i < 60; i++) {
        c.send("y".repeat(78) + "\r\n");
      }
      c.send(".\r\n");
      assertEquals("552 5.3.4 <joe@example.org> Message size exceeds fixed limit", c.reply());
      assertEquals("552 5.3.4 <ann@example.com> Message size exceeds fixed limit", c.reply());
      // the session goes on, with a new transaction
      assertEquals("503 5.5.1 MAIL needed first", c.cmd("RCPT TO:<joe@example.org>"));
    }
    assertEquals(before, server.messages("user/joe/INBOX").size());
  }

  @Test
  void tooManyRecipients() throws IOException {
    try (Client c = lhlo()) {
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<>"));
      for (int i = 0; i < 5; i++) {
        assertEquals("250 2.1.5 <joe@example.org> OK", c.cmd("RCPT TO:<joe@example.org>"));
      }
      assertEquals("452 4.5.3 Too many recipients", c.cmd("RCPT TO:<ann@example.com>"));
      assertEquals("250 2.0.0 Ok", c.cmd("RSET"));
    }
  }

  @Test
  void pipelinedSessionGetsItsRepliesInOrder() throws IOException {
    int before = server.messages("user/joe/INBOX").size();
    try (Client c = Client.greeted(server.port)) {
      c.send(
          "LHLO p.example\r\nMAIL FROM:<p@example.net>\r\nRCPT TO:<joe@example.org>\r\n"
              + "RCPT TO:<nobody@example.com>\r\nRCPT TO:<ann@example.com>\r\nDATA\r\n");
      assertTrue(c.reply().startsWith("250 BINARYMIME"));
      assertEquals("250 2.1.0 Ok", c.reply());
      assertEquals("250 2.1.5 <joe@example.org> OK", c.reply());
      assertEquals("550 5.1.1 <nobody@example.com> User doesn't exist", c.reply());
      assertEquals("250 2.1.5 <ann@example.com> OK", c.reply());
      assertTrue(c.reply().startsWith("354"));
      c.send(
          "Subject: p\r\n\r\npipelined\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<joe@example.org>\r\nQUIT\r\n");
      assertEquals("250 2.0.0 <joe@example.org> Saved", c.reply());
      assertEquals("250 2.0.0 <ann@example.com> Saved", c.reply());
      assertEquals("250 2.1.0 Ok", c.reply());
      assertEquals("250 2.1.5 <joe@example.org> OK", c.reply());
      assertTrue(c.reply().startsWith("221 2.0.0"));
      assertTrue(c.closedByServer());
    }
    assertEquals(before + 1, server.messages("user/joe/INBOX").size());
  }

  @Test
  void bdatChunksAreStoredAsSent() throws IOException {
    String part1 = "Subject: chunks\r\n\r\n..not unstuffed\r\n";
    String part2 = "\u0000binary\rbytes\n.\r\n";
    try (Client c = lhlo()) {
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<sender@example.net> BODY=BINARYMIME"));
      assertEquals("250 2.1.5 <ann@example.com> OK", c.cmd("RCPT TO:<ann@example.com>"));
      assertEquals("503 5.5.1 DATA is not allowed with BDAT or BODY=BINARYMIME", c.cmd("DATA"));
      c.send("BDAT " + bytes(part1).length + "\r\n" + part1);
      assertEquals("250 2.0.0 " + bytes(part1).length + " octets received", c.reply());
      c.send("BDAT " + bytes(part2).length + " LAST\r\n" + part2);
      assertEquals("250 2.0.0 <ann@example.com> Saved", c.reply());
      // BDAT 0 LAST ends a message too; BDAT without a transaction is read, then refused
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<>"));
      assertEquals("250 2.1.5 <joe@example.org> OK", c.cmd("RCPT TO:<joe@example.org>"));
      c.send("BDAT 0 LAST\r\n");
      assertEquals("250 2.0.0 <joe@example.org> Saved", c.reply());
      c.send("BDAT 5\r\nabcde");
      assertEquals("503 5.5.1 MAIL needed first", c.reply());
      assertEquals("250 2.0.0 Ok", c.cmd("NOOP"));
    }
    List<byte[]> ann = server.messages("user/ann@example.com/INBOX");
    assertArrayEquals(bytes(RP + part1 + part2), ann.get(ann.size() - 1));
    List<byte[]> joe = server.messages("user/joe/INBOX");
    assertArrayEquals(bytes("Return-Path: <>\r\n"), joe.get(joe.size() - 1));
  }

  /**
   * Postfix's rules ({@code smtpd_forbid_bare_newline = normal}): a bare LF ends a line (stored as
   * CRLF), a bare CR is data, and only CRLF "." CRLF ends the data, so that a "." line after a bare
   * LF cannot end a message early (SMTP smuggling).
   */
  @Test
  void bareLfAndBareCrInData() throws IOException {
    try (Client c = lhlo()) {
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<sender@example.net>"));
      assertEquals("250 2.1.5 <ann@example.com> OK", c.cmd("RCPT TO:<ann@example.com>"));
      assertTrue(c.cmd("DATA").startsWith("354"));
      c.send("Subject: lf\na\nb\r\n.c\rd\r\n..e\n.\r\nf\r\n.\n.\r\n.\r\n");
      assertEquals("250 2.0.0 <ann@example.com> Saved", c.reply());
      assertEquals("250 2.0.0 Ok", c.cmd("NOOP"));
    }
    List<byte[]> ann = server.messages("user/ann@example.com/INBOX");
    assertEquals(
        RP + "Subject: lf\r\na\r\nb\r\nc\rd\r\n.e\r\n\r\nf\r\n\r\n\r\n",
        new String(ann.get(ann.size() - 1), StandardCharsets.UTF_8));
  }

  @Test
  void commandsOutOfOrderAndBadLines() throws IOException {
    try (Client c = Client.greeted(server.port)) {
      assertEquals("503 5.5.1 Send LHLO first", c.cmd("MAIL FROM:<a@b.example>"));
      assertEquals("500 5.5.1 This is LMTP: greet with LHLO", c.cmd("EHLO x"));
      assertEquals("501 5.5.4 LHLO needs a host name", c.cmd("LHLO"));
      assertTrue(c.cmd("lhlo x").startsWith("250 "));
      assertEquals("503 5.5.1 MAIL needed first", c.cmd("RCPT TO:<joe@example.org>"));
      assertEquals("503 5.5.1 MAIL needed first", c.cmd("DATA"));
      assertTrue(c.cmd("MAIL FROM:a@b.example").startsWith("501 5.5.4"));
      assertEquals("555 5.5.4 Unsupported parameter RET", c.cmd("MAIL FROM:<a@b> RET=HDRS"));
      assertEquals("250 2.1.0 Ok", c.cmd("mail from:<a@b.example>"));
      assertEquals("503 5.5.1 Nested MAIL command", c.cmd("MAIL FROM:<a@b.example>"));
      assertEquals("503 5.5.1 No valid recipients", c.cmd("DATA"));
      assertEquals("501 5.1.3 Bad recipient address syntax", c.cmd("RCPT TO:<>"));
      assertEquals("502 5.5.1 VRFY is not available", c.cmd("VRFY joe"));
      assertEquals("500 5.5.1 Unknown command", c.cmd("XYZZY"));
      assertEquals("500 5.5.2 Line too long", c.cmd("NOOP " + "x".repeat(700)));
      assertEquals("500 5.5.2 Invalid character in command", c.cmd("NOOP a\u0000b"));
      assertEquals("500 5.5.2 Invalid character in command", c.cmd("NOOP a\rb"));
      c.send("NOOP\n"); // a bare LF ends a command line
      assertEquals("250 2.0.0 Ok", c.reply());
      assertEquals("250 2.0.0 Ok", c.cmd("RSET"));
      assertEquals("503 5.5.1 MAIL needed first", c.cmd("RCPT TO:<joe@example.org>"));
    }
  }

  /** Waits until the server has seen every earlier connection close, as the limit counts them. */
  private void awaitNoSessions() throws InterruptedException {
    for (int i = 0; i < 500 && server.sessions() > 0; i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void connectionsPerClientAddressAreLimited() throws Exception {
    awaitNoSessions();
    List<Client> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(Client.greeted(server.port));
      }
      try (Client fourth = new Client(server.port)) {
        assertEquals("421 4.7.0 Too many connections from 127.0.0.1", strip(fourth.reply()));
        assertTrue(fourth.closedByServer());
      }
      open.remove(0).close();
      String greeting = null;
      for (int i = 0; i < 100 && (greeting == null || !greeting.startsWith("220")); i++) {
        Thread.sleep(20); // the server sees the close in its own time
        try (Client again = new Client(server.port)) {
          greeting = again.reply();
        }
      }
      assertTrue(greeting.startsWith("220 "), greeting);
    } finally {
      for (Client c : open) {
        c.close();
      }
      awaitNoSessions(); // the tests after this one may open up to the limit again
    }
  }

  /** A reply without the host name the server puts after the code. */
  private static String strip(String reply) {
    return reply == null ? null : reply.replaceFirst("^(\\d{3} \\d\\.\\d\\.\\d) \\S+ ", "$1 ");
  }

  /** A store account's local part answers in any domain but a hosted one (where it is nobody). */
  @Test
  void aStoreAccountByItsLocalPartOutsideHostedDomains() throws IOException {
    try (Client c = lhlo()) {
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<>"));
      assertEquals("250 2.1.5 <joe> OK", c.cmd("RCPT TO:<joe>"));
      assertEquals("250 2.1.5 <joe@localhost> OK", c.cmd("RCPT TO:<joe@localhost>"));
      assertEquals(
          "550 5.1.1 <joe@example.com> User doesn't exist", c.cmd("RCPT TO:<joe@example.com>"));
      assertEquals("250 2.0.0 Ok", c.cmd("RSET"));
    }
  }

  @Test
  void detailGoesToAnExistingFolder() throws IOException {
    int lists = server.messages("user/joe/lists").size();
    int inbox = server.messages("user/joe/INBOX").size();
    try (Client c = lhlo()) {
      assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<>"));
      assertEquals(
          "250 2.1.5 <joe+lists@example.org> OK", c.cmd("RCPT TO:<joe+lists@example.org>"));
      assertEquals("250 2.1.5 <joe+none@x.example> OK", c.cmd("RCPT TO:<joe+none@x.example>"));
      assertTrue(c.cmd("DATA").startsWith("354"));
      c.send("Subject: d\r\n\r\nd\r\n.\r\n");
      assertEquals("250 2.0.0 <joe+lists@example.org> Saved", c.reply());
      assertEquals("250 2.0.0 <joe+none@x.example> Saved", c.reply());
    }
    assertEquals(lists + 1, server.messages("user/joe/lists").size());
    assertEquals(inbox + 1, server.messages("user/joe/INBOX").size());
  }

  @Test
  void pythonSmtplibDeliversOverTcpAndTheUnixSocket() throws Exception {
    Path socket = server.root.resolve("run/lmtp.sock");
    assertEquals(
        "rw-rw----",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(socket)));
    int before = server.messages("user/ann@example.com/INBOX").size();
    String script =
        String.join(
            "\n",
            "import smtplib, sys",
            "msg = b'Subject: from python\\r\\nMessage-ID: <py@example.net>\\r\\n\\r\\n.hello\\r\\n'",
            "for where in (('127.0.0.1', int(sys.argv[1])), (sys.argv[2], 0)):",
            "    s = smtplib.LMTP(where[0], where[1])",
            "    s.ehlo('python.example')",
            "    assert s.has_extn('pipelining') and s.has_extn('chunking'), s.esmtp_features",
            "    refused = s.sendmail('py@example.net', ['ann@example.com'], msg)",
            "    assert refused == {}, refused",
            "    try:",
            "        s.sendmail('py@example.net', ['nobody@example.com'], msg)",
            "        raise SystemExit('an unknown user was accepted')",
            "    except smtplib.SMTPRecipientsRefused as e:",
            "        code = e.recipients['nobody@example.com'][0]",
            "        assert code == 550, e.recipients",
            "    s.quit()",
            "print('ok')");
    Process p =
        new ProcessBuilder("python3", "-c", script, "" + server.port, socket.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertEquals("ok\n", out);
    List<byte[]> ann = server.messages("user/ann@example.com/INBOX");
    assertEquals(before + 2, ann.size());
    assertArrayEquals(
        bytes(
            "Return-Path: <py@example.net>\r\nSubject: from python\r\n"
                + "Message-ID: <py@example.net>\r\n\r\n.hello\r\n"),
        ann.get(ann.size() - 1));
  }

  /**
   * Messages past the heap part go through a spool in run/, removed after; a stale one at start.
   */
  @Test
  void largeMessagesAreSpooledAndTheSpoolRemoved(@TempDir Path other) throws Exception {
    Path stale = other.resolve("run/lmtp-spool-1-1");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "left by a daemon that died");
    try (LmtpServer s =
        new LmtpServer(other, List.of(List.of("mboxutil", "-c", "user/big/INBOX")))) {
      assertTrue(Files.notExists(stale));
      StringBuilder body = new StringBuilder("Subject: large\r\n\r\n");
      java.util.Random r = new java.util.Random(7);
      while (body.length() < 3 * MessageBuffer.HEAP) {
        body.append(r.nextInt(10) == 0 ? "." : "")
            .append(Long.toString(r.nextLong(), 36))
            .append("\r\n");
      }
      String message = body.toString();
      try (Client c = Client.greeted(s.port)) {
        assertTrue(c.cmd("LHLO x").startsWith("250 "));
        assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<l@example.net>"));
        assertEquals("250 2.1.5 <big@x> OK", c.cmd("RCPT TO:<big@x>"));
        assertTrue(c.cmd("DATA").startsWith("354"));
        c.send(message.replace("\r\n.", "\r\n.."));
        c.send(".\r\n");
        assertEquals("250 2.0.0 <big@x> Saved", c.reply());
        assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<l@example.net> BODY=BINARYMIME"));
        assertEquals("250 2.1.5 <big@x> OK", c.cmd("RCPT TO:<big@x>"));
        byte[] m = bytes(message);
        int half = m.length / 2;
        c.send(bytes("BDAT " + half + "\r\n"));
        c.send(java.util.Arrays.copyOf(m, half));
        assertEquals("250 2.0.0 " + half + " octets received", c.reply());
        c.send(bytes("BDAT " + (m.length - half) + " LAST\r\n"));
        c.send(java.util.Arrays.copyOfRange(m, half, m.length));
        assertEquals("250 2.0.0 <big@x> Saved", c.reply());
      }
      List<byte[]> stored = s.messages("user/big/INBOX");
      assertEquals(2, stored.size());
      for (byte[] b : stored) {
        assertArrayEquals(bytes("Return-Path: <l@example.net>\r\n" + message), b);
      }
      try (var left = Files.newDirectoryStream(other.resolve("run"), "lmtp-spool-*")) {
        assertTrue(!left.iterator().hasNext(), "a spool left behind");
      }
    }
  }

  /** A second server: short timeouts and over quota refused for good; then a graceful stop. */
  @Test
  void timeoutOverQuotaPermanentAndGracefulStop(@TempDir Path other) throws Exception {
    try (LmtpServer s =
        new LmtpServer(
            other,
            List.of(
                List.of("configutil", "-o", "service.lmtp.idletimeout", "-v", "1"),
                List.of("configutil", "-o", "service.lmtp.overquotapermanent", "-v", "yes"),
                List.of("user", "create", "tiny", "--msgquota", "1"),
                List.of("mboxutil", "-c", "user/tiny/INBOX"),
                List.of("user", "create", "roomy"),
                List.of("mboxutil", "-c", "user/roomy/INBOX")))) {
      try (Client c = Client.greeted(s.port)) {
        assertTrue(c.cmd("LHLO x").startsWith("250 "));
        assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<>"));
        assertEquals("250 2.1.5 <tiny@localhost> OK", c.cmd("RCPT TO:<tiny@localhost>"));
        assertTrue(c.cmd("DATA").startsWith("354"));
        c.send("Subject: t\r\n\r\nt\r\n.\r\n");
        assertEquals("250 2.0.0 <tiny@localhost> Saved", c.reply());
        assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<>"));
        assertEquals(
            "552 5.2.2 <tiny@localhost> Mailbox is full", c.cmd("RCPT TO:<tiny@localhost>"));
        assertEquals("250 2.0.0 Ok", c.cmd("RSET"));
        // then the client says nothing for longer than service.lmtp.idletimeout
        String timedOut = c.reply();
        assertTrue(timedOut.startsWith("421 4.4.2 "), timedOut);
        assertTrue(c.closedByServer());
      }

      // graceful stop: an idle session and a new connection get 421, a transaction finishes
      Client busy = Client.greeted(s.port);
      assertTrue(busy.cmd("LHLO x").startsWith("250 "));
      assertEquals("250 2.1.0 Ok", busy.cmd("MAIL FROM:<>"));
      assertEquals("250 2.1.5 <roomy@localhost> OK", busy.cmd("RCPT TO:<roomy@localhost>"));
      assertTrue(busy.cmd("DATA").startsWith("354"));
      Client idle = Client.greeted(s.port);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(s::stopServing);
      String bye = idle.reply();
      assertTrue(bye.startsWith("421 4.3.2 "), bye);
      try (Client late = new Client(s.port)) {
        String refused = late.reply();
        assertTrue(refused == null || refused.startsWith("421 4.3.2 "), refused);
      }
      busy.send("Subject: in flight\r\n\r\nx\r\n.\r\n");
      assertEquals("250 2.0.0 <roomy@localhost> Saved", busy.reply());
      String after = busy.reply();
      assertTrue(after == null || after.startsWith("421 4.3.2 "), after);
      stopping.get(30, TimeUnit.SECONDS);
      busy.close();
      idle.close();
      assertEquals(-1.0, s.sessions(), "the session gauges leave with the stopped component");
      assertEquals(3.0, s.counter("msgstore.lmtp.connections"), "served; the late one was refused");
    }
  }
}
