package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.backup.Backup;
import dev.msgstore.store.backup.BackupInput;
import dev.msgstore.store.backup.BackupOutput;
import dev.msgstore.store.backup.BackupRecord;
import dev.msgstore.store.backup.BackupScope;
import dev.msgstore.store.backup.Restore;
import dev.msgstore.store.backup.RestorePlan;
import dev.msgstore.store.command.Expunge;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an IMAP session with the mailbox selected sees when imsrestore restores into that mailbox
 * (the code imsrestore runs: {@link Restore} over an imsbackup stream). The restored messages are
 * new messages to IMAP: they arrive as EXISTS with UIDs above every UID the mailbox has given,
 * under the same UIDVALIDITY, and every UID the session knew still names the same message (RFC 3501
 * 2.3.1.1 asks no more of added messages, so nothing makes the client throw its cache away).
 */
class ImapRestoreTest {
  @TempDir Path root;

  private static final Pattern FETCHED =
      Pattern.compile(
          "\\* \\d+ FETCH \\(UID (\\d+) BODY\\[HEADER\\.FIELDS \\(SUBJECT\\)\\] \\{\\d+\\}");

  /** UID to subject, from a UID FETCH of the subjects. */
  private static List<String> uidsAndSubjects(RawImap c) throws Exception {
    List<String> lines = c.command("UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = FETCHED.matcher(lines.get(i));
      if (m.find()) {
        out.add(m.group(1) + " " + lines.get(i + 1).strip());
      }
    }
    return out;
  }

  private static String code(List<String> lines, String name) {
    for (String l : lines) {
      Matcher m = Pattern.compile("\\[" + name + " (\\d+)\\]").matcher(l);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  @Test
  void aSelectedSessionSeesARestoreAsNewMessagesUnderTheSameUidvalidity() throws Exception {
    try (ImapServer server = new ImapServer(root, "joe")) {
      for (int i = 1; i <= 3; i++) {
        server.deliver("user/joe/INBOX", ImapServer.message("m" + i, "body " + i));
      }
      ByteArrayOutputStream backup = new ByteArrayOutputStream();
      try (ProjectionReader view = server.store.read();
          BackupOutput out = new BackupOutput(backup, true)) {
        new Backup(server.store, Clock.systemUTC(), null)
            .write(
                view,
                new BackupScope(Set.of(), Set.of("user/joe/INBOX"), 0, false, List.of()),
                out,
                "test");
      }
      try (RawImap a = RawImap.login(server.port(), "joe")) {
        List<String> selected = a.command("SELECT INBOX");
        String validity = code(selected, "UIDVALIDITY");
        assertEquals("4", code(selected, "UIDNEXT"));
        assertEquals(
            List.of("1 Subject: m1", "2 Subject: m2", "3 Subject: m3"), uidsAndSubjects(a));

        // m2 is lost, m4 arrives; then the backup is restored into the mailbox as it is now
        server.store.execute(ImapServer.ADMIN, new Expunge("user/joe/INBOX", List.of(2L)));
        server.deliver("user/joe/INBOX", ImapServer.message("m4", "body 4"));
        RestorePlan plan =
            new RestorePlan(
                (n, p) -> true, n -> n, u -> u, null, false, false, false, false, false, false);
        List<Restore.RestoredMailbox> done = new ArrayList<>();
        try (BackupInput in = BackupInput.open(new ByteArrayInputStream(backup.toByteArray()))) {
          BackupRecord.Header h = (BackupRecord.Header) in.next();
          new Restore(
                  server.store,
                  Author.of("tester", "imsrestore"),
                  plan,
                  new Restore.Listener() {
                    @Override
                    public void restored(Restore.RestoredMailbox m) {
                      done.add(m);
                    }

                    @Override
                    public void account(String userId, long events) {}
                  })
              .run(in, h);
        }
        assertEquals(1, done.get(0).messages(), "only m2 was missing: " + done);

        List<String> noop = a.command("NOOP");
        assertTrue(noop.contains("* 2 EXPUNGE"), noop.toString());
        assertTrue(noop.contains("* 4 EXISTS"), noop.toString());
        assertTrue(noop.get(noop.size() - 1).startsWith("OK"), noop.toString());
        // the UIDs the session knew name the same messages; the restored one is new, above them
        assertEquals(
            List.of("1 Subject: m1", "3 Subject: m3", "4 Subject: m4", "5 Subject: m2"),
            uidsAndSubjects(a));
        List<String> again = a.command("SELECT INBOX");
        assertEquals(validity, code(again, "UIDVALIDITY"), "the same UIDVALIDITY: " + again);
        assertEquals("6", code(again, "UIDNEXT"));
      }
    }
  }
}
