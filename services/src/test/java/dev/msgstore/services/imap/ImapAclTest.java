package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.SetAcl;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.ACL;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.Rights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACL extension (RFC 4314): SETACL, DELETEACL, GETACL, LISTRIGHTS and MYRIGHTS on ann's folder
 * Shared, by the raw protocol, Angus Mail and Python's imaplib; the administer right denied and
 * allowed; a change made by another session or through the store (as {@code readership -s} makes
 * it) reaching joe's session that has the folder selected.
 */
class ImapAclTest {
  @TempDir Path root;
  @TempDir Path scripts;
  private ImapServer server;
  private static final String SHARED = "\"Other Users/ann/Shared\"";

  @BeforeEach
  void start() throws Exception {
    server = new ImapServer(root, "joe", "ann", "bob");
    server.store.execute(ImapServer.ADMIN, new CreateMailbox("user/ann/Shared", null));
    server.deliver("user/ann/Shared", ImapServer.message("shared", "for joe"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void grant(String rights) {
    server.store.execute(ImapServer.ADMIN, new SetAcl("user/ann/Shared", "joe", rights));
  }

  @Test
  void theCommandsOnTheWire() throws Exception {
    try (RawImap ann = RawImap.login(server.port(), "ann")) {
      assertTrue(ann.untagged("CAPABILITY", "CAPABILITY").contains(" ACL RIGHTS=texk"));
      assertEquals("* MYRIGHTS Shared lrswipkxatencd", ann.untagged("MYRIGHTS Shared", "MYRIGHTS"));
      assertEquals("* ACL Shared ann lrswipkxatencd", ann.untagged("GETACL Shared", "ACL"));
      assertEquals("OK SETACL completed", ann.status("SETACL Shared joe lr"));
      assertEquals("* ACL Shared ann lrswipkxatencd joe lr", ann.untagged("GETACL Shared", "ACL"));
      assertEquals("OK SETACL completed", ann.status("SETACL Shared joe +sc"));
      assertEquals(
          "* ACL Shared ann lrswipkxatencd joe lrskxc", ann.untagged("GETACL Shared", "ACL"));
      assertEquals("OK SETACL completed", ann.status("SETACL Shared joe -x"));
      assertEquals(
          "* ACL Shared ann lrswipkxatencd joe lrskc", ann.untagged("GETACL Shared", "ACL"));
      assertTrue(ann.status("SETACL Shared joe lz").startsWith("BAD "));
      assertTrue(ann.status("SETACL Shared -joe r").startsWith("NO [CANNOT]"));
      assertTrue(ann.status("SETACL Shared nobody r").startsWith("NO [CANNOT]"));
      assertTrue(ann.status("SETACL Shared ann r").startsWith("NO [CANNOT]"));
      assertTrue(ann.status("SETACL Nothing joe r").startsWith("NO [NONEXISTENT]"));
      assertEquals(
          "* LISTRIGHTS Shared joe \"\" l r s w i p k x a t e n c d",
          ann.untagged("LISTRIGHTS Shared joe", "LISTRIGHTS"));
      assertEquals(
          "* LISTRIGHTS Shared ann lrswipkxatencd",
          ann.untagged("LISTRIGHTS Shared ann", "LISTRIGHTS"));
      assertEquals("OK SETACL completed", ann.status("SETACL Shared anyone r"));
      assertEquals("OK DELETEACL completed", ann.status("DELETEACL Shared joe"));
      assertEquals(
          "* ACL Shared ann lrswipkxatencd anyone r", ann.untagged("GETACL Shared", "ACL"));
    }
  }

  @Test
  void administerDeniedThenAllowed() throws Exception {
    try (RawImap joe = RawImap.login(server.port(), "joe")) {
      assertTrue(joe.status("MYRIGHTS " + SHARED).startsWith("NO [NONEXISTENT]"), "no rights");
      grant("i");
      assertEquals(
          "* MYRIGHTS \"Other Users/ann/Shared\" i",
          joe.untagged("MYRIGHTS " + SHARED, "MYRIGHTS"),
          "insert alone lets joe ask (RFC 4314 section 4)");
      assertTrue(joe.status("GETACL " + SHARED).startsWith("NO [NONEXISTENT]"), "not even l");
      grant("lr");
      assertTrue(joe.status("GETACL " + SHARED).startsWith("NO [NOPERM]"));
      assertTrue(joe.status("SETACL " + SHARED + " bob l").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("DELETEACL " + SHARED + " joe").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("LISTRIGHTS " + SHARED + " bob").startsWith("NO [NOPERM]"));
      grant("lra");
      assertEquals(
          "* ACL \"Other Users/ann/Shared\" ann lrswipkxatencd joe lra",
          joe.untagged("GETACL " + SHARED, "ACL"));
      assertEquals("OK SETACL completed", joe.status("SETACL " + SHARED + " bob l"));
      assertTrue(joe.status("LISTRIGHTS " + SHARED + " bob").startsWith("OK"));
    }
    try (RawImap bob = RawImap.login(server.port(), "bob")) {
      assertEquals(
          "* MYRIGHTS \"Other Users/ann/Shared\" l",
          bob.untagged("MYRIGHTS " + SHARED, "MYRIGHTS"));
    }
  }

  @Test
  void aChangeReachesTheSelectedSession() throws Exception {
    grant("lrsw");
    try (RawImap joe = RawImap.login(server.port(), "joe");
        RawImap ann = RawImap.login(server.port(), "ann")) {
      assertTrue(joe.status("SELECT " + SHARED).startsWith("OK [READ-WRITE]"));
      assertEquals("OK FETCH completed", joe.status("FETCH 1 BODY.PEEK[]"));
      // another session takes the read right away
      assertEquals("OK SETACL completed", ann.status("SETACL Shared joe -r"));
      assertTrue(joe.status("FETCH 1 BODY.PEEK[]").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("SEARCH ALL").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("SEARCH RETURN (COUNT) ALL").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("SORT (SUBJECT) UTF-8 ALL").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("THREAD REFERENCES UTF-8 ALL").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("COPY 1 INBOX").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("CHECK").startsWith("NO [NOPERM]"));
      // the store gives it back, as readership -s does, outside any IMAP session
      grant("lrs");
      assertEquals("OK FETCH completed", joe.status("FETCH 1 BODY.PEEK[]"));
      assertTrue(joe.status("COPY 1 INBOX").startsWith("OK [COPYUID "));
      assertTrue(joe.status("STORE 1 +FLAGS (\\Flagged)").startsWith("NO [NOPERM]"), "w went");
      assertTrue(joe.status("STORE 1 +FLAGS (\\Seen)").startsWith("OK"));
      grant("lr");
      assertTrue(joe.status("STORE 1 -FLAGS (\\Seen)").startsWith("NO [NOPERM]"), "s went");
      grant("lrte");
      assertTrue(joe.status("STORE 1 +FLAGS (\\Deleted)").startsWith("OK"));
      assertEquals("OK CLOSE completed", joe.status("CLOSE"));
    }
    try (ProjectionReader r = server.store.read()) {
      assertEquals(0, r.mailbox("user/ann/Shared").orElseThrow().messages(), "CLOSE expunged");
    }
  }

  private Store connect(String user) throws Exception {
    Properties p = new Properties();
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", Integer.toString(server.port()));
    p.put("mail.imap.connectiontimeout", "10000");
    p.put("mail.imap.timeout", "20000");
    Store s = Session.getInstance(p).getStore("imap");
    s.connect(user, "pw-" + user);
    return s;
  }

  private static String rightsOf(IMAPFolder f, String identifier) throws Exception {
    return Arrays.stream(f.getACL())
        .filter(a -> a.getName().equals(identifier))
        .map(a -> a.getRights().toString()) // Angus writes the letters in alphabetical order
        .findFirst()
        .orElse("none");
  }

  @Test
  void angusMail() throws Exception {
    try (Store ann = connect("ann");
        Store joe = connect("joe")) {
      IMAPFolder shared = (IMAPFolder) ann.getFolder("Shared");
      assertEquals(new Rights("lrswipkxatencd"), shared.myRights());
      shared.addACL(new ACL("joe", new Rights("lr")));
      assertEquals("lr", rightsOf(shared, "joe"));
      shared.addRights(new ACL("joe", new Rights("s")));
      assertEquals("lrs", rightsOf(shared, "joe"));
      shared.removeRights(new ACL("joe", new Rights("r")));
      assertEquals("ls", rightsOf(shared, "joe"));
      Rights[] listed = shared.listRights("joe");
      assertEquals(15, listed.length, "the required (none) and each optional right");
      assertEquals("", listed[0].toString());
      IMAPFolder seen = (IMAPFolder) joe.getFolder("Other Users/ann/Shared");
      Rights mine = seen.myRights();
      assertTrue(mine.contains(Rights.Right.LOOKUP) && mine.contains(Rights.Right.KEEP_SEEN));
      assertFalse(mine.contains(Rights.Right.READ));
      shared.removeACL("joe");
      assertEquals("none", rightsOf(shared, "joe"));
      assertEquals("ann", shared.getACL()[0].getName());
    }
  }

  @Test
  void pythonImaplib() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    Path script = scripts.resolve("imaplib-acl.py");
    try (var in = getClass().getResourceAsStream("/imap/imaplib-acl.py")) {
      Files.copy(in, script);
    }
    Process p =
        new ProcessBuilder("python3", script.toString(), Integer.toString(server.port()))
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    } finally {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertEquals(
        List.of(
            "capability True True",
            "myrights ann OK ['Shared lrswipkxatencd']",
            "joe myrights before NO [NONEXISTENT]",
            "setacl OK ['SETACL completed']",
            "getacl OK ['Shared ann lrswipkxatencd joe lrs']",
            "joe myrights OK ['\"Other Users/ann/Shared\" lrs']",
            "joe getacl NO [NOPERM]",
            "joe setacl NO [NOPERM]",
            "setacl +a OK ['SETACL completed']",
            "joe getacl OK ['\"Other Users/ann/Shared\" ann lrswipkxatencd joe lrsa']",
            "joe setacl anyone OK ['SETACL completed']",
            "deleteacl OK ['DELETEACL completed']",
            "getacl after OK ['Shared ann lrswipkxatencd anyone l']",
            "joe myrights after OK ['\"Other Users/ann/Shared\" l']"),
        lines);
  }

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
