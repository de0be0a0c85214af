package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.projections.ProjectionReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store administrators ({@code store.admins = boss}): boss logs in as himself and acts on joe's
 * mailboxes under {@code Other Users/joe/...} (NAMESPACE's other users' prefix), or logs in as joe
 * with AUTHENTICATE PLAIN and joe as authorization identity; ann, not an administrator, may do
 * neither.
 */
class ImapAdminTest {
  @TempDir Path root;
  private ImapServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ImapServer(root, Map.of("store.admins", "boss"), "joe", "ann", "boss");
    server.deliver("user/joe/INBOX", ImapServer.message("for joe", "private"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String plain(String authz, String authc, String password) {
    return Base64.getEncoder()
        .encodeToString((authz + "\0" + authc + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anAdministratorActsOnAnotherUsersMailboxes() throws Exception {
    try (RawImap boss = RawImap.login(server.port(), "boss")) {
      assertEquals(
          "* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\"))",
          boss.untagged("NAMESPACE", "NAMESPACE"));
      assertEquals(
          List.of(
              "* LIST (\\Noselect \\HasChildren) \"/\" \"Other Users/joe\"",
              "* LIST (\\HasNoChildren) \"/\" \"Other Users/joe/INBOX\"",
              "OK LIST completed"),
          boss.command("LIST \"\" \"Other Users/joe*\""));
      assertEquals(
          List.of("* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "OK LIST completed"),
          boss.command("LIST \"\" *"),
          "everyone's mailboxes only when asked for by the other users' prefix");
      assertTrue(boss.status("SELECT \"Other Users/joe/INBOX\"").startsWith("OK [READ-WRITE]"));
      assertTrue(
          boss.command("FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]")
              .toString()
              .contains("for joe"));
      assertTrue(boss.status("STORE 1 +FLAGS (\\Flagged)").startsWith("OK"));
      assertEquals("OK CREATE completed", boss.status("CREATE \"Other Users/joe/Audit\""));
      assertEquals("OK SETACL completed", boss.status("SETACL \"Other Users/joe/INBOX\" ann lr"));
      assertEquals(
          "* MYRIGHTS \"Other Users/joe/INBOX\" lrswipkxatencd",
          boss.untagged("MYRIGHTS \"Other Users/joe/INBOX\"", "MYRIGHTS"));
      assertTrue(boss.status("GETQUOTA joe").startsWith("OK"));
    }
    try (ProjectionReader r = server.store.read()) {
      long inbox = r.mailbox("user/joe/INBOX").orElseThrow().id();
      assertEquals(List.of(), r.readership(inbox), "an administrator's look is no readership");
    }
    try (RawImap joe = RawImap.login(server.port(), "joe")) {
      assertTrue(joe.untagged("FETCH 1 FLAGS", "1 FETCH") == null); // nothing selected
      assertTrue(joe.status("SELECT INBOX").startsWith("OK"));
      assertTrue(joe.untagged("FETCH 1 FLAGS", "1 FETCH").contains("\\Flagged"), "boss's STORE");
      assertTrue(joe.status("STATUS Audit (MESSAGES)").startsWith("OK"), "boss's CREATE");
    }
  }

  @Test
  void anotherUserIsNoAdministrator() throws Exception {
    try (RawImap ann = RawImap.login(server.port(), "ann")) {
      assertTrue(ann.status("SELECT \"Other Users/joe/INBOX\"").startsWith("NO [NONEXISTENT]"));
      assertEquals(List.of("OK LIST completed"), ann.command("LIST \"\" \"Other Users/joe*\""));
      assertTrue(ann.status("CREATE \"Other Users/joe/Audit\"").startsWith("NO [NOPERM]"));
      assertTrue(ann.status("GETACL \"Other Users/joe/INBOX\"").startsWith("NO [NONEXISTENT]"));
      assertTrue(ann.status("GETQUOTA joe").startsWith("NO [NOPERM]"));
    }
  }

  @Test
  void authenticatePlainAsAnotherUser() throws Exception {
    try (RawImap c = new RawImap(server.port())) {
      assertTrue(
          c.status("AUTHENTICATE PLAIN " + plain("joe", "boss", "pw-boss")).startsWith("OK"));
      assertTrue(c.status("SELECT INBOX").startsWith("OK"));
      assertTrue(
          c.command("FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]").toString().contains("for joe"),
          "joe's INBOX");
      assertTrue(
          c.status("GETQUOTA boss").startsWith("NO [NOPERM]"), "acting as joe, boss is joe only");
      assertTrue(c.status("STORE 1 +FLAGS (\\Answered)").startsWith("OK"));
    }
    CommitMeta last = null;
    try (JournalCursor cursor = server.store.journal().cursor()) {
      for (Commit commit; (commit = cursor.next()) != null; ) {
        last = commit.meta();
      }
    }
    assertEquals("joe", last.actor());
    assertTrue(last.origin().endsWith(" by boss"), "the administrator stays on record: " + last);
    try (RawImap c = new RawImap(server.port())) {
      assertTrue(
          c.status("AUTHENTICATE PLAIN " + plain("boss", "boss", "pw-boss")).startsWith("OK"),
          "authzid = authcid is a plain login");
      assertTrue(c.status("GETQUOTA joe").startsWith("OK"));
    }
  }

  @Test
  void authenticatePlainAsAnotherUserRefused() throws Exception {
    try (RawImap c = new RawImap(server.port())) {
      assertTrue(
          c.status("AUTHENTICATE PLAIN " + plain("joe", "ann", "pw-ann"))
              .startsWith("NO [AUTHORIZATIONFAILED]"),
          "ann is no administrator");
      assertTrue(
          c.status("AUTHENTICATE PLAIN " + plain("nobody", "boss", "pw-boss"))
              .startsWith("NO [AUTHORIZATIONFAILED]"),
          "no such user");
      assertTrue(
          c.status("AUTHENTICATE PLAIN " + plain("joe", "boss", "wrong"))
              .startsWith("NO [AUTHENTICATIONFAILED]"),
          "boss's password is checked first");
      assertNull(c.untagged("SELECT INBOX", "OK"), "still not logged in");
    }
  }
}
