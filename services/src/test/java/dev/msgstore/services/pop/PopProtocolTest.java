package dev.msgstore.services.pop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.command.Expunge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pop component by hand over a socket: RFC 1939's commands, CAPA, AUTH PLAIN, the lock. */
class PopProtocolTest {
  @TempDir Path root;

  private static long inboxCount(PopServer server, String user) {
    try (ProjectionReader r = server.store.read()) {
      return r.mailbox("user/" + user + "/INBOX").map(MailboxRecord::messages).orElse(0L);
    }
  }

  @Test
  void capaLoginStatListRetrTopAndByteStuffing() throws Exception {
    try (PopServer server = new PopServer(root, "joe")) {
      String stuffed = PopServer.message("first", "line one\r\n.hidden dot\r\nline three");
      server.deliver("joe", stuffed);
      server.deliver("joe", PopServer.message("second", "bare\nline feeds"));
      try (PopClient c = new PopClient(server.port())) {
        assertTrue(c.greeting.startsWith("+OK"), c.greeting);
        List<String> capa = c.multi("CAPA");
        assertTrue(
            capa.containsAll(List.of("TOP", "UIDL", "USER", "SASL PLAIN", "STLS", "RESP-CODES")),
            capa.toString());
        assertEquals("-ERR Unknown command or not valid before login", c.send("STAT"));
        assertTrue(c.send("PASS x").startsWith("-ERR"), "PASS before USER");
        assertTrue(c.login("joe").startsWith("+OK Maildrop locked and ready, 2 messages"));
        assertFalse(c.multi("CAPA").contains("USER"), "no USER once logged in");
        long size1 = stuffed.getBytes(StandardCharsets.UTF_8).length;
        String stat = c.send("STAT");
        assertTrue(stat.startsWith("+OK 2 "), stat);
        assertEquals("+OK 1 " + size1, c.send("LIST 1"));
        List<String> list = c.multi("LIST");
        assertEquals(2, list.size());
        assertEquals("1 " + size1, list.get(0));
        assertEquals("-ERR No such message", c.send("LIST 3"));
        assertEquals("+OK " + size1 + " octets", c.send("RETR 1"));
        List<String> message = c.lines();
        assertEquals("Subject: first", message.get(2));
        assertTrue(message.contains("..hidden dot"), message.toString());
        assertEquals("line three", message.get(message.size() - 1));
        // TOP 1 1: the header, the empty line, one body line
        List<String> top = c.multi("TOP 1 1");
        assertEquals("", top.get(top.size() - 2));
        assertEquals("line one", top.get(top.size() - 1));
        List<String> top0 = c.multi("TOP 2 0");
        assertEquals("", top0.get(top0.size() - 1));
        assertEquals("Subject: second", top0.get(2));
        List<String> bare = c.multi("RETR 2");
        assertEquals(List.of("bare", "line feeds"), bare.subList(bare.size() - 2, bare.size()));
        assertEquals("-ERR TOP takes a message number and a number of lines", c.send("TOP 1"));
        assertEquals("+OK", c.send("NOOP"));
        assertTrue(c.send("QUIT").startsWith("+OK"));
      }
      String scrape = server.registry.scrape();
      assertTrue(scrape.contains("msgstore_pop_commands_total{command=\"RETR\"} 2.0"), scrape);
      assertTrue(scrape.contains("msgstore_sessions{protocol=\"pop\"}"), scrape);
    }
  }

  @Test
  void deleAppliesOnlyAtQuitAndRsetUndoes() throws Exception {
    try (PopServer server = new PopServer(root, "joe")) {
      for (int i = 1; i <= 3; i++) {
        server.deliver("joe", PopServer.message("m" + i, "body " + i));
      }
      try (PopClient c = new PopClient(server.port())) {
        c.login("joe");
        assertEquals("+OK message 1 deleted", c.send("DELE 1"));
        assertEquals("-ERR Message 1 is already deleted", c.send("RETR 1"));
        assertTrue(c.send("STAT").startsWith("+OK 2 "));
        assertEquals(2, c.multi("UIDL").size());
        assertTrue(c.send("RSET").startsWith("+OK maildrop has 3 messages"));
        c.send("DELE 2");
        // the connection drops without QUIT: nothing changes
      }
      assertEquals(3, inboxCount(server, "joe"));
      List<String> before;
      try (PopClient c = new PopClient(server.port())) {
        c.login("joe");
        before = c.multi("UIDL");
        c.send("DELE 2");
        assertEquals(
            "+OK msgstore POP3 server signing off (1 messages deleted, 2 left)", c.send("QUIT"));
      }
      assertEquals(2, inboxCount(server, "joe"));
      try (PopClient c = new PopClient(server.port())) {
        c.login("joe");
        List<String> after = c.multi("UIDL");
        assertEquals(before.get(0).split(" ")[1], after.get(0).split(" ")[1]);
        assertEquals(before.get(2).split(" ")[1], after.get(1).split(" ")[1]);
        assertEquals("Subject: m3", c.multi("TOP 2 0").get(2));
        c.send("QUIT");
      }
    }
  }

  @Test
  void quitRemovesWhatIsLeftOfTheDeletedWhenAnotherClientExpungedSomeMeanwhile() throws Exception {
    try (PopServer server = new PopServer(root, "joe")) {
      for (int i = 1; i <= 3; i++) {
        server.deliver("joe", PopServer.message("m" + i, "body " + i));
      }
      try (PopClient c = new PopClient(server.port())) {
        c.login("joe");
        c.send("DELE 1");
        c.send("DELE 2");
        long first;
        try (ProjectionReader r = server.store.read()) {
          MailboxRecord inbox = r.mailbox("user/joe/INBOX").orElseThrow();
          first = r.messages(inbox.id()).get(0).uid();
        }
        // an IMAP client or mboxutil expunges the first while this session holds it deleted
        server.store.execute(PopServer.ADMIN, new Expunge("user/joe/INBOX", List.of(first)));
        assertEquals(
            "+OK msgstore POP3 server signing off (1 messages deleted, 1 left)", c.send("QUIT"));
      }
      assertEquals(1, inboxCount(server, "joe"));
    }
  }

  @Test
  void uidlIsTheSameAfterARestartAndNewForANewMessage() throws Exception {
    try (PopServer server = new PopServer(root, "joe")) {
      server.deliver("joe", PopServer.message("a", "1"));
      server.deliver("joe", PopServer.message("b", "2"));
      List<String> first;
      try (PopClient c = new PopClient(server.port())) {
        c.login("joe");
        first = c.multi("UIDL");
        c.send("QUIT");
      }
      server.restart();
      server.deliver("joe", PopServer.message("c", "3"));
      try (PopClient c = new PopClient(server.port())) {
        c.login("joe");
        List<String> again = c.multi("UIDL");
        assertEquals(first, again.subList(0, 2));
        assertEquals(3, again.size());
        assertNotEquals(again.get(1).split(" ")[1], again.get(2).split(" ")[1]);
        assertEquals("+OK 3 " + again.get(2).split(" ")[1], c.send("UIDL 3"));
        c.send("QUIT");
      }
    }
  }

  @Test
  void aSecondSessionOfTheSameUserGetsInUse() throws Exception {
    try (PopServer server = new PopServer(root, "joe", "ann")) {
      try (PopClient a = new PopClient(server.port());
          PopClient b = new PopClient(server.port());
          PopClient other = new PopClient(server.port())) {
        assertTrue(a.login("joe").startsWith("+OK"));
        assertTrue(b.login("joe").startsWith("-ERR [IN-USE] "), "the lock refuses a second one");
        assertTrue(other.login("ann").startsWith("+OK"), "another user's maildrop is free");
        a.send("QUIT");
        assertTrue(b.login("joe").startsWith("+OK"), "the lock went with QUIT");
      }
    }
  }

  @Test
  void authPlainAndRefusals() throws Exception {
    try (PopServer server = new PopServer(root, "joe")) {
      String joe =
          Base64.getEncoder().encodeToString("\0joe\0pw-joe".getBytes(StandardCharsets.UTF_8));
      try (PopClient c = new PopClient(server.port())) {
        assertEquals(List.of("PLAIN"), c.multi("AUTH"));
        assertEquals("-ERR Unsupported authentication mechanism CRAM-MD5", c.send("AUTH CRAM-MD5"));
        assertEquals("+ ", c.send("AUTH PLAIN"));
        assertEquals("-ERR Authentication cancelled", c.send("*"));
        assertEquals("+ ", c.send("AUTH PLAIN"));
        assertTrue(c.send(joe).startsWith("+OK Maildrop locked"));
        c.send("QUIT");
      }
      try (PopClient c = new PopClient(server.port())) {
        assertTrue(c.send("AUTH PLAIN " + joe).startsWith("+OK Maildrop locked"));
        c.send("QUIT");
      }
      try (PopClient c = new PopClient(server.port())) {
        c.send("USER joe");
        assertEquals("-ERR [AUTH] Authentication failed", c.send("PASS wrong"));
        String as =
            Base64.getEncoder().encodeToString("ann\0joe\0pw-joe".getBytes(StandardCharsets.UTF_8));
        assertEquals(
            "-ERR [AUTH] Acting as another user is not allowed", c.send("AUTH PLAIN " + as));
      }
      assertTrue(
          server.registry.scrape().contains("msgstore_pop_login_failures_total 1.0"),
          "the failure is counted");
    }
  }

  @Test
  void withoutPlaintextLoginOnlyStlsIsOffered() throws Exception {
    try (PopServer server =
        new PopServer(root, Map.of("service.pop.plaintextlogin", "no"), "joe")) {
      try (PopClient c = new PopClient(server.port())) {
        List<String> capa = c.multi("CAPA");
        assertTrue(capa.contains("STLS"), capa.toString());
        assertFalse(capa.contains("USER") || capa.contains("SASL PLAIN"), capa.toString());
        assertEquals(
            "-ERR [AUTH] Plaintext authentication is disabled here; use STLS first",
            c.send("USER joe"));
      }
    }
  }
}
