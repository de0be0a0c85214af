package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.StoreFlags;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MailEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONDSTORE, QRESYNC (RFC 7162) and ESEARCH (RFC 4731) through Python's imaplib: MODSEQ in FETCH
 * and STORE, UNCHANGEDSINCE's MODIFIED, SEARCH MODSEQ, ESEARCH, STATUS HIGHESTMODSEQ, and a QRESYNC
 * resynchronisation after expunges by another IMAP session and by the store's own Expunge command
 * (what {@code mboxutil -e} runs), then a live VANISHED.
 */
class ImapSyncTest {
  @TempDir Path root;
  @TempDir Path scripts;

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static jakarta.mail.Store connect(ImapServer server) throws Exception {
    java.util.Properties p = new java.util.Properties();
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", Integer.toString(server.port()));
    p.put("mail.imap.connectiontimeout", "10000");
    p.put("mail.imap.timeout", "20000");
    jakarta.mail.Store s = jakarta.mail.Session.getInstance(p).getStore("imap");
    s.connect("joe", "pw-joe");
    return s;
  }

  /**
   * Angus Mail's CONDSTORE and QRESYNC: getHighestModSeq, IMAPMessage.getModSeq (a FETCH MODSEQ),
   * getMessagesByUIDChangedSince, and open with ResyncData after another session expunged.
   */
  @Test
  void angusMailResynchronises() throws Exception {
    try (ImapServer server = new ImapServer(root, "joe")) {
      for (int i = 1; i <= 3; i++) {
        server.deliver("user/joe/INBOX", ImapServer.message("m" + i, "body " + i));
      }
      try (jakarta.mail.Store s = connect(server)) {
        assertTrue(((IMAPStore) s).hasCapability("CONDSTORE"));
        IMAPFolder inbox = (IMAPFolder) s.getFolder("INBOX");
        inbox.open(jakarta.mail.Folder.READ_WRITE);
        long h0 = inbox.getHighestModSeq();
        assertTrue(h0 > 0, "HIGHESTMODSEQ " + h0);
        long m2 = ((IMAPMessage) inbox.getMessage(2)).getModSeq();
        assertTrue(m2 > 0 && m2 <= h0, "MODSEQ " + m2);
        inbox.getMessage(2).setFlag(jakarta.mail.Flags.Flag.FLAGGED, true);
        jakarta.mail.Message[] changed =
            inbox.getMessagesByUIDChangedSince(1, UIDFolder.MAXUID, h0);
        assertEquals(
            List.of(2L), java.util.Arrays.stream(changed).map(m -> uid(inbox, m)).toList());
        inbox.close(false);

        // another session expunges UID 1 and flags UID 3 while this client is away
        try (jakarta.mail.Store other = connect(server)) {
          IMAPFolder o = (IMAPFolder) other.getFolder("INBOX");
          o.open(jakarta.mail.Folder.READ_WRITE);
          o.getMessageByUID(1).setFlag(jakarta.mail.Flags.Flag.DELETED, true);
          o.getMessageByUID(3).setFlag(jakarta.mail.Flags.Flag.ANSWERED, true);
          o.expunge();
          o.close(false);
        }
        long h1 = h0;
        List<?> events =
            inbox.open(jakarta.mail.Folder.READ_WRITE, new ResyncData(inbox.getUIDValidity(), h1));
        List<String> seen = new ArrayList<>();
        for (Object e : events) {
          if (e instanceof MailEvent me && me instanceof jakarta.mail.event.MessageChangedEvent c) {
            seen.add("changed " + uid(inbox, c.getMessage()));
          } else if (e instanceof MessageVanishedEvent v) {
            seen.add("vanished " + java.util.Arrays.toString(v.getUIDs()));
          }
        }
        assertEquals(List.of("vanished [1]", "changed 2", "changed 3"), seen);
        assertTrue(inbox.getHighestModSeq() > h0);
        inbox.close(false);
      }
    }
  }

  /**
   * SPECIAL-USE through Angus Mail: IMAPFolder.getAttributes after a create with and without USE.
   */
  @Test
  void angusMailSeesSpecialUses() throws Exception {
    try (ImapServer server = new ImapServer(root, "joe")) {
      try (jakarta.mail.Store s = connect(server)) {
        assertTrue(((IMAPStore) s).hasCapability("SPECIAL-USE"));
        s.getFolder("Drafts").create(jakarta.mail.Folder.HOLDS_MESSAGES);
        s.getFolder("Stuff").create(jakarta.mail.Folder.HOLDS_MESSAGES);
        assertEquals(
            List.of("\\Drafts", "\\HasNoChildren"),
            java.util.Arrays.stream(((IMAPFolder) s.getFolder("Drafts")).getAttributes())
                .sorted()
                .toList());
        assertEquals(
            List.of("\\HasNoChildren"),
            List.of(((IMAPFolder) s.getFolder("Stuff")).getAttributes()));
      }
    }
  }

  private static long uid(IMAPFolder f, jakarta.mail.Message m) {
    try {
      return f.getUID(m);
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs {@code script} (a resource under imap/) against the server; its output lines. */
  private List<String> python(String script, ImapServer server) throws Exception {
    Path file = scripts.resolve(script);
    try (var in = getClass().getResourceAsStream("/imap/" + script)) {
      Files.copy(in, file);
    }
    Process p =
        new ProcessBuilder("python3", file.toString(), Integer.toString(server.port()))
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
    return lines;
  }

  @Test
  void listExtendedAndListStatusFromPython() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    try (ImapServer server = new ImapServer(root, "joe")) {
      server.deliver("user/joe/INBOX", ImapServer.message("m1", "body"));
      assertEquals(
          List.of(
              "capability True True",
              "subscribed OK (\\NonExistent \\Subscribed) \"/\" \"Gone\""
                  + " | (\\HasNoChildren \\Subscribed) \"/\" \"Work/Old\" / ",
              "recursivematch OK (\\NonExistent \\Subscribed) \"/\" \"Gone\""
                  + " | (\\HasChildren) \"/\" \"Work\" (CHILDINFO (\"SUBSCRIBED\")) / ",
              "patterns OK (\\HasNoChildren) \"/\" \"Play\""
                  + " | (\\HasNoChildren) \"/\" \"Work/New\""
                  + " | (\\HasNoChildren \\Subscribed) \"/\" \"Work/Old\" / ",
              "status OK (\\HasNoChildren) \"/\" \"INBOX\" | (\\HasNoChildren) \"/\" \"Play\""
                  + " / \"INBOX\" (MESSAGES 1 UIDNEXT 2) | \"Play\" (MESSAGES 0 UIDNEXT 1)",
              "bad selection BAD  / ",
              "special-use capability True True",
              "create Sent OK",
              "create Bin OK",
              "create Odd NO [USEATTR] Not a special use (RFC 6154): \\Bogus",
              "special-use OK (\\HasNoChildren \\Trash) \"/\" \"Bin\""
                  + " | (\\HasNoChildren \\Sent) \"/\" \"Sent\" / ",
              "plain OK (\\HasNoChildren \\Trash) \"/\" \"Bin\""
                  + " | (\\HasNoChildren) \"/\" \"INBOX\""
                  + " | (\\HasNoChildren) \"/\" \"Play\""
                  + " | (\\HasNoChildren \\Sent) \"/\" \"Sent\""
                  + " | (\\HasChildren) \"/\" \"Work\" / ",
              "done"),
          python("imaplib-list.py", server));
    }
  }

  @Test
  void condstoreQresyncAndEsearchFromPython() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    Path script = scripts.resolve("imaplib-qresync.py");
    try (var in = getClass().getResourceAsStream("/imap/imaplib-qresync.py")) {
      Files.copy(in, script);
    }
    try (ImapServer server = new ImapServer(root, "joe")) {
      for (int i = 1; i <= 4; i++) {
        server.deliver("user/joe/INBOX", ImapServer.message("m" + i, "body " + i));
      }
      Process p =
          new ProcessBuilder("python3", script.toString(), Integer.toString(server.port()))
              .redirectErrorStream(true)
              .start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          OutputStream in = p.getOutputStream()) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
          if (line.equals("CLI-EXPUNGE")) {
            server.store.execute(
                ImapServer.ADMIN,
                new StoreFlags(
                    "user/joe/INBOX",
                    List.of(3L),
                    StoreFlags.Mode.ADD,
                    Set.of(SystemFlag.DELETED),
                    List.of()));
            server.store.execute(ImapServer.ADMIN, new Expunge("user/joe/INBOX", List.of(3L)));
            in.write('\n');
            in.flush();
          }
        }
      } finally {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      assertEquals(
          List.of(
              "capability True True True",
              "enable OK ['QRESYNC']",
              "select OK highestmodseq True",
              "fetch modseq OK 4 True",
              "store OK 1 (FLAGS (\\Flagged \\Recent) True",
              "conditional store OK [MODIFIED 1] Conditional STORE failed ['2 (FLAGS (\\\\Seen"
                  + " \\\\Recent)']",
              "search modseq OK ['1 2 (MODSEQ " + "X)']",
              "esearch OK ['MIN 1 MAX 4 ALL 1:4 COUNT 4']",
              "esearch uid OK ['UID COUNT 1']",
              "status OK True",
              "other expunge OK ['2']",
              "CLI-EXPUNGE",
              "qresync select OK ['(EARLIER) 2:3'] ['2 (UID 4 FLAGS (\\\\Answered))'] True",
              "fetch vanished OK ['(EARLIER) 2:3'] ['2 (UID 4 FLAGS (\\\\Answered))']",
              "wrong uidvalidity OK [] 0",
              "live OK ['1'] []",
              "from the start OK ['(EARLIER) 1:3']",
              "select condstore OK 1",
              "done"),
          lines.stream().map(l -> l.replaceAll("MODSEQ \\d+\\)", "MODSEQ X)")).toList());
    }
  }
}
