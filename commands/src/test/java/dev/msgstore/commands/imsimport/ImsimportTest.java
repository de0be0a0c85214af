package dev.msgstore.commands.imsimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** imsimport of foreign and exported mailboxes, and its refusals. imsexport's round trip. */
class ImsimportTest {
  @TempDir Path dir;

  static List<MessageRecord> messages(Path root, String mailbox) {
    return VerbRun.read(
        root, r -> r.mailbox(mailbox).map(m -> r.messages(m.id())).orElse(List.of()));
  }

  static Optional<MailboxRecord> mailbox(Path root, String mailbox) {
    return VerbRun.read(root, r -> r.mailbox(mailbox));
  }

  static byte[] body(Path root, String mailbox, long uid) {
    try (Store s = Store.open(root)) {
      MailboxRecord m;
      MessageRecord msg;
      try (var r = s.read()) {
        m = r.mailbox(mailbox).orElseThrow();
        msg = r.message(m.id(), uid).orElseThrow();
      }
      try (InputStream in = s.openMessage(m, msg)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aHandWrittenMailboxImportsWithItsFlagsAndUnquotedFromLines() throws Exception {
    Path store = dir.resolve("store");
    Path mbox = dir.resolve("joe");
    byte[] content =
        ("From alice@example.com Thu Dec  3 10:00:00 2026\n"
                + "From: alice@example.com\nSubject: caf\u00e9\nStatus: RO\nX-Status: AF\n\n"
                + "first\n>From the start\n>>From deeper\n\n"
                + "From bob@example.com Fri Dec  4 11:30:00 2026\n"
                + "From: bob@example.com\nSubject: two\n\nno trailing newline")
            .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(mbox, content);
    VerbRun.ok("user", store, "create", "joe");
    VerbRun r = VerbRun.ok("imsimport", store, "-u", "joe", "-s", mbox.toString());
    ImportReport report = r.result(ImportReport.class);
    assertEquals("user/joe/INBOX", report.mailbox());
    List<MessageRecord> ms = messages(store, "user/joe/INBOX");
    assertEquals(2, ms.size());
    assertEquals(
        Set.of(SystemFlag.SEEN, SystemFlag.ANSWERED, SystemFlag.FLAGGED), ms.get(0).flags());
    assertEquals(Set.of(), ms.get(1).flags());
    assertEquals(
        "From: alice@example.com\r\nSubject: caf\u00e9\r\n\r\nfirst\r\nFrom the start\r\n"
            + ">From deeper\r\n",
        new String(body(store, "user/joe/INBOX", 1), StandardCharsets.ISO_8859_1));
    assertEquals(
        "From: bob@example.com\r\nSubject: two\r\n\r\nno trailing newline",
        new String(body(store, "user/joe/INBOX", 2), StandardCharsets.ISO_8859_1));
    assertEquals(1796292000000L, ms.get(0).internalDate(), "the From line's date, in TZ (UTC)");
  }

  @Test
  void aFileThatIsNotAnMboxIsRefusedInOneLine() throws Exception {
    Path store = dir.resolve("store");
    Path binary = dir.resolve("picture");
    Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
    VerbRun b =
        VerbRun.run("imsimport", "--store", store.toString(), "-u", "joe", "-s", binary.toString());
    assertEquals(65, b.exit());
    assertEquals(
        "imsimport: " + binary + ": not an mbox: it does not start with a 'From ' line\n", b.err());
    Path lone = dir.resolve("lone");
    Files.writeString(lone, "From joe Thu Dec  3 10:00:00 2026\n");
    VerbRun.ok("user", store, "create", "joe");
    VerbRun l =
        VerbRun.run("imsimport", "--store", store.toString(), "-u", "joe", "-s", lone.toString());
    assertEquals(65, l.exit());
    assertTrue(
        l.err()
            .startsWith(
                "imsimport: " + lone + ": not an mbox: a 'From ' line with no message after it"),
        l.err());
    assertTrue(
        mailbox(store, "user/joe/lone").isEmpty() && mailbox(store, "user/joe/INBOX").isEmpty());
  }

  @Test
  void exportThenImportKeepsEveryByteUidsFlagsAndUidvalidity() throws Exception {
    Path source = dir.resolve("source");
    dev.msgstore.commands.imsbackup.BackupFixture.generate(source, 3);
    for (String format : List.of("SOLARIS", "SYSV", "BSD", "RN")) {
      Path out = dir.resolve("export-" + format);
      VerbRun.ok("imsexport", source, "-u", "joe", "-d", out.toString(), "-f", format, "-v", "0");
      Path target = dir.resolve("target-" + format);
      VerbRun.ok("user", target, "create", "joe");
      for (String folder : List.of("INBOX", "Sent", "Archive/2025")) {
        Path file = out.resolve(folder);
        VerbRun.ok(
            "imsimport", target, "-u", "joe", "-s", file.toString(), "-d", folder, "-v", "0");
        String box = "user/joe/" + folder;
        List<MessageRecord> want = messages(source, box);
        List<MessageRecord> got = messages(target, box);
        assertEquals(want.size(), got.size(), format + " " + folder);
        for (int i = 0; i < want.size(); i++) {
          MessageRecord w = want.get(i);
          MessageRecord g = got.get(i);
          assertEquals(w.digest(), g.digest(), format + " " + folder + " UID " + w.uid());
          assertEquals(w.uid(), g.uid());
          assertEquals(w.flags(), g.flags());
          assertEquals(w.keywords(), g.keywords());
          assertEquals(w.internalDate() / 1000, g.internalDate() / 1000);
        }
        assertEquals(
            mailbox(source, box).orElseThrow().uidValidity(),
            mailbox(target, box).orElseThrow().uidValidity());
      }
      assertTrue(Files.isRegularFile(out.resolve("Archive.msg")), "a folder with subfolders");
      assertTrue(Files.isDirectory(out.resolve("Archive")));
    }
  }

  @Test
  void bsdQuotesFromLinesAndRnQuotesQuotedOnes() throws Exception {
    Path source = dir.resolve("source");
    Path msg = dir.resolve("msg");
    Files.writeString(msg, "From: a@example.com\n\nFrom here\n>From there\nend\n");
    assertEquals(
        0,
        VerbRun.run(
                Files.newInputStream(msg),
                v -> {},
                "deliver",
                "--store",
                source.toString(),
                "-c",
                "joe")
            .exit());
    Path bsd = dir.resolve("bsd");
    VerbRun.ok("imsexport", source, "-u", "joe", "-d", bsd.toString(), "-f", "BSD");
    String text = Files.readString(bsd.resolve("INBOX"));
    assertTrue(text.contains("\n>From here\n>From there\n"), text);
    Path rn = dir.resolve("rn");
    VerbRun.ok("imsexport", source, "-u", "joe", "-d", rn.toString(), "-f", "RN");
    String rnText = Files.readString(rn.resolve("INBOX"));
    assertTrue(rnText.contains("\n>From here\n>>From there\n"), rnText);
    Path sol = dir.resolve("sol");
    VerbRun.ok("imsexport", source, "-u", "joe", "-d", sol.toString());
    String solText = Files.readString(sol.resolve("INBOX"));
    assertTrue(solText.contains("Content-Length: ") && solText.contains("\nFrom here\n"), solText);
    assertFalse(solText.contains(">From here"));
  }

  @Test
  void aUserTheStoreHasNotIsCreatedOnlyWhenTheDirectoryAllows() throws Exception {
    Path store = dir.resolve("store");
    Path mbox = dir.resolve("m");
    Files.writeString(mbox, "From a Thu Dec  3 10:00:00 2026\nSubject: x\n\nbody\n");
    VerbRun no =
        VerbRun.run(
            "imsimport", "--store", store.toString(), "-u", "nobody", "-s", mbox.toString());
    assertEquals(67, no.exit(), no.err());
    assertEquals(
        "imsimport: no account nobody here and the directory does not allow one: nobody is not in"
            + " the directory (embedded); nothing imported\n",
        no.err());
    assertTrue(mailbox(store, "user/nobody/INBOX").isEmpty());
    VerbRun.ok("user", store, "create", "gone", "--status", "deleted");
    VerbRun gone =
        VerbRun.run("imsimport", "--store", store.toString(), "-u", "gone", "-s", mbox.toString());
    assertEquals(67, gone.exit(), gone.err());
    assertTrue(gone.err().contains("gone's status in the directory is deleted"), gone.err());
    assertTrue(mailbox(store, "user/gone/INBOX").isEmpty());
    // held: kept from mail and logins, not from having their mail brought in
    VerbRun.ok("user", store, "create", "held", "--status", "hold");
    VerbRun.ok("imsimport", store, "-u", "held", "-s", mbox.toString());
    assertEquals(1, messages(store, "user/held/m").size()); // the file's name
    // an account the store has already (delivery made it) is not asked about
    Path msg = dir.resolve("msg");
    Files.writeString(msg, "Subject: y\n\nbody\n");
    assertEquals(
        0,
        VerbRun.run(
                Files.newInputStream(msg), v -> {}, "deliver", "--store", store.toString(), "carl")
            .exit());
    VerbRun.ok("imsimport", store, "-u", "carl", "-s", mbox.toString(), "-d", "old");
    assertEquals(1, messages(store, "user/carl/old").size());
  }
}
