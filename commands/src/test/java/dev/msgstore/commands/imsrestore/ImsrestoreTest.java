package dev.msgstore.commands.imsrestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.StoreLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** imsrestore's options and its handling of bad input. */
class ImsrestoreTest {
  static final String MSG =
      "From: a@example.com\r\nSubject: %s\r\nMessage-ID: <%s@example.com>\r\n\r\n%s\r\n";

  @TempDir Path dir;
  Path source;
  Path target;
  Path backup;

  @BeforeEach
  void store() throws Exception {
    source = dir.resolve("source");
    target = dir.resolve("target");
    backup = dir.resolve("all.bak");
    for (String u : List.of("ann", "joe")) {
      for (int i = 1; i <= 3; i++) {
        deliver(source, u, u + i, "x".repeat(70_000 * i));
      }
    }
    VerbRun.ok("mboxutil", source, "-c", "user/joe/Sent");
    deliver(source, "joe", "sent1", "s");
    VerbRun.ok("mboxutil", source, "-c", "user/zed/INBOX");
    deliver(source, "zed", "zed1", "z");
  }

  static void deliver(Path root, String user, String id, String body) {
    VerbRun r =
        VerbRun.run(
            new java.io.ByteArrayInputStream(
                String.format(MSG, id, id, body).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            v -> {},
            "deliver",
            "--store",
            root.toString(),
            "-c",
            "-m",
            id.startsWith("sent") ? "Sent" : "INBOX",
            user);
    assertEquals(0, r.exit(), r.err());
  }

  static List<MessageRecord> messages(Path root, String mailbox) {
    return VerbRun.read(
        root, r -> r.mailbox(mailbox).map(m -> r.messages(m.id())).orElse(List.of()));
  }

  static Optional<MailboxRecord> mailbox(Path root, String mailbox) {
    return VerbRun.read(root, r -> r.mailbox(mailbox));
  }

  @Test
  void theTableOfContentsListsMailboxesAccountsAndSaysTheStreamIsComplete() {
    VerbRun.ok("imsbackup", source, "-f", backup.toString(), "/");
    VerbRun t = VerbRun.ok("imsrestore", target, "-f", backup.toString(), "-t");
    String[] lines = t.out().split("\n");
    assertTrue(
        lines[0].matches(
            "backup of .+ taken \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d, journal index \\d+, full"),
        lines[0]);
    assertEquals("names: /", lines[1]);
    assertTrue(
        lines[2].matches(
            "user/ann/INBOX +3 messages +\\d+ bytes  uidvalidity \\d+  uidnext 4  partition primary"),
        lines[2]);
    assertEquals(
        "user ann: partition primary, status active, quota unlimited bytes unlimited messages, 0 subscriptions",
        lines[3]);
    assertTrue(
        lines[lines.length - 1].matches(
            "complete: 3 users, 4 mailboxes, 8 messages, \\d+ bytes, \\d+ frames"),
        lines[lines.length - 1]);
    assertFalse(StoreLayout.exists(target), "-t restores nothing");
  }

  @Test
  void dumpMatchesImcheckD() {
    VerbRun.ok("imsbackup", source, "-f", backup.toString(), "user/joe");
    String fromStore = VerbRun.ok("imcheck", source, "-D", "-m", "user/joe/INBOX").out();
    String fromBackup =
        VerbRun.ok("imsrestore", target, "-f", backup.toString(), "-D", "user/joe/INBOX").out();
    assertEquals(fromStore, fromBackup);
    assertEquals(3, fromBackup.lines().count());
  }

  @Test
  void aTruncatedStreamStopsAtTheMailboxItWasInAndWhatCameBeforeIsWhole() throws Exception {
    VerbRun.ok("imsbackup", source, "-f", backup.toString(), "/");
    byte[] all = Files.readAllBytes(backup);
    Path cut = dir.resolve("cut.bak");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length * 3 / 4));
    VerbRun t = VerbRun.run("imsrestore", "-f", cut.toString(), "-t");
    assertEquals(65, t.exit());
    assertTrue(t.err().contains("the backup is not complete"), t.err());
    assertFalse(t.out().contains("complete:"), t.out());

    VerbRun r = VerbRun.run("imsrestore", "--store", target.toString(), "-f", cut.toString());
    assertEquals(65, r.exit(), r.err());
    Matcher m =
        Pattern.compile(
                "restore stopped in user (\\S+), folder (\\S+): backup stream, frame \\d+: ")
            .matcher(r.err());
    assertTrue(m.find(), r.err());
    assertEquals("joe", m.group(1));
    String stoppedIn = m.group(2);
    assertTrue(mailbox(target, stoppedIn).isEmpty(), "nothing of the mailbox it stopped in");
    // ann's INBOX came before: restored whole, as it was
    assertEquals(
        messagesIn(source, source, "user/ann/INBOX"), messagesIn(source, target, "user/ann/INBOX"));
  }

  /**
   * {@code target}'s messages of {@code mailbox} with {@code source}'s mailbox id, and no save date
   * (a restore saves the message anew, as imexpire's savedays sees it).
   */
  static List<MessageRecord> messagesIn(Path source, Path target, String mailbox) {
    long id = mailbox(source, mailbox).orElseThrow().id();
    return messages(target, mailbox).stream()
        .map(
            x ->
                new MessageRecord(
                    id,
                    x.uid(),
                    x.digest(),
                    x.size(),
                    x.headerSize(),
                    x.internalDate(),
                    x.sentDate(),
                    x.flags(),
                    x.keywords(),
                    x.messageId(),
                    0))
        .toList();
  }

  @Test
  void aDamagedByteIsFoundAtItsFrame() throws Exception {
    VerbRun.ok("imsbackup", source, "-f", backup.toString(), "--no-compress", "user/ann");
    byte[] all = Files.readAllBytes(backup);
    all[all.length / 2] ^= 0x40;
    Files.write(backup, all);
    VerbRun r = VerbRun.run("imsrestore", "--store", target.toString(), "-f", backup.toString());
    assertEquals(65, r.exit());
    assertTrue(
        r.err()
            .matches(
                "(?s).*user ann, folder user/ann/INBOX: backup stream, frame \\d+: damaged \\(checksum mismatch\\).*"),
        r.err());
    assertTrue(mailbox(target, "user/ann/INBOX").isEmpty());

    // compressed: the damage is found too (by the inflater or a frame's checksum). Random text:
    // in a run of one letter a damaged match distance can decode to the same bytes
    StringBuilder text = new StringBuilder();
    java.util.Random rnd = new java.util.Random(1);
    while (text.length() < 100_000) {
      text.append(Long.toString(rnd.nextLong(), 36)).append(rnd.nextInt(9) == 0 ? "\r\n" : " ");
    }
    deliver(source, "zed", "zed2", text.toString());
    Path gz = dir.resolve("gz.bak");
    VerbRun.ok("imsbackup", source, "-f", gz.toString(), "user/zed");
    byte[] z = Files.readAllBytes(gz);
    z[z.length / 2] ^= 0x40;
    Files.write(gz, z);
    VerbRun g = VerbRun.run("imsrestore", "-f", gz.toString(), "-t");
    assertEquals(65, g.exit(), g.err());
    assertTrue(g.err().contains("frame"), g.err());
  }

  @Test
  void notABackupIsRefusedInOneLine() throws Exception {
    Path junk = dir.resolve("junk");
    Files.writeString(junk, "From joe Thu Dec  3 10:00:00 2026\nhello\n");
    VerbRun r = VerbRun.run("imsrestore", "-f", junk.toString(), "-t");
    assertEquals(65, r.exit());
    assertEquals("imsrestore: " + junk + ": not a msgstore backup stream\n", r.err());
  }

  @Test
  void aMapfileRenamesUsersAndFoldersAndAnErrorNamesItsLineAndRestoresNothing() throws Exception {
    VerbRun.ok("imsbackup", source, "-f", backup.toString(), "/");
    Path map = dir.resolve("map");
    Files.writeString(map, "# users\nann=anna\nuser/joe/Sent=user/joe/Sent-old\n");
    VerbRun.ok("imsrestore", target, "-m", map.toString(), "-f", backup.toString());
    assertEquals(3, messages(target, "user/anna/INBOX").size());
    assertTrue(mailbox(target, "user/ann/INBOX").isEmpty());
    assertEquals(1, messages(target, "user/joe/Sent-old").size());

    Files.writeString(map, "ann=anna\nbob\n");
    Path other = dir.resolve("other");
    VerbRun bad =
        VerbRun.run(
            "imsrestore",
            "--store",
            other.toString(),
            "-m",
            map.toString(),
            "-f",
            backup.toString());
    assertEquals(65, bad.exit());
    assertEquals("imsrestore: " + map + ", line 2: not oldname=newname\n", bad.err());
    assertFalse(StoreLayout.exists(other), "nothing ran");
  }

  @Test
  void intoAnExistingMailboxMessagesAreRenumberedAndNotDuplicated() {
    VerbRun.ok("imsbackup", source, "-f", backup.toString(), "user/joe/INBOX");
    long validity = mailbox(source, "user/joe/INBOX").orElseThrow().uidValidity();
    VerbRun.ok("imsrestore", target, "-f", backup.toString());
    assertEquals(validity, mailbox(target, "user/joe/INBOX").orElseThrow().uidValidity(), "kept");
    assertEquals(
        List.of(1L, 2L, 3L),
        messages(target, "user/joe/INBOX").stream().map(MessageRecord::uid).toList());
    // again: all there already, nothing appended
    VerbRun again = VerbRun.ok("imsrestore", target, "-f", backup.toString());
    assertTrue(again.out().contains("restored user/joe/INBOX: 0 messages"), again.out());
    // -i: appended without looking, after the last UID, same UIDVALIDITY
    VerbRun.ok("imsrestore", target, "-i", "-f", backup.toString());
    assertEquals(
        List.of(1L, 2L, 3L, 4L, 5L, 6L),
        messages(target, "user/joe/INBOX").stream().map(MessageRecord::uid).toList());
    // -E: the mailbox ends as the backup has it (the copies expunged)
    VerbRun.ok("imsrestore", target, "-E", "-f", backup.toString());
    assertEquals(
        List.of(1L, 2L, 3L),
        messages(target, "user/joe/INBOX").stream().map(MessageRecord::uid).toList());
    // -c n: skipped
    VerbRun skip = VerbRun.ok("imsrestore", target, "-c", "n", "-v", "3", "-f", backup.toString());
    assertTrue(skip.out().contains("skipped user/joe/INBOX"), skip.out());
    // -n: beside it, dated
    VerbRun.ok("imsrestore", target, "-n", "-f", backup.toString());
    List<MailboxRecord> boxes = VerbRun.read(target, r -> r.mailboxes("user/joe/"));
    assertEquals(2, boxes.size());
    assertTrue(boxes.get(1).name().matches("user/joe/INBOX-\\d{8}"), boxes.toString());
    assertEquals(3, boxes.get(1).messages());
  }

  @Test
  void nameSelectionAndDPathAndOverQuota() {
    VerbRun.ok("imsbackup", source, "-f", backup.toString(), "/");
    VerbRun.ok("imsrestore", target, "-d", "restored", "-f", backup.toString(), "joe");
    assertEquals(3, messages(target, "user/joe/restored/INBOX").size());
    assertTrue(mailbox(target, "user/ann/INBOX").isEmpty(), "only joe");
    VerbRun.ok("user", target, "create", "ann", "--quota", "100K");
    VerbRun r =
        VerbRun.run(
            "imsrestore",
            "--store",
            target.toString(),
            "-f",
            backup.toString(),
            "/primary/user/ann");
    assertEquals(75, r.exit(), r.err());
    assertTrue(r.err().contains("user/ann/INBOX: not restored: over quota: ann"), r.err());
    VerbRun.ok("imsrestore", target, "--ignore-quota", "-f", backup.toString(), "user/ann");
    assertEquals(3, messages(target, "user/ann/INBOX").size());
  }

  @Test
  void backupGroupsSelectUsersAndABadLineNamesItself() throws Exception {
    Path conf = StoreLayout.config(source).resolve("backup-groups.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, "groupA=a*\ngroupZ=z*\n");
    BackupResult b =
        new BackupResult(
            VerbRun.ok("imsbackup", source, "-f", backup.toString(), "/primary/groupA"));
    assertEquals(List.of("user/ann/INBOX"), b.mailboxes());
    Files.writeString(conf, "groupA=a*\ngroupB b*\n");
    Path out = dir.resolve("never.bak");
    VerbRun bad =
        VerbRun.run(
            "imsbackup", "--store", source.toString(), "-f", out.toString(), "/primary/groupA");
    assertEquals(65, bad.exit());
    assertEquals("imsbackup: " + conf + ", line 2: not groupname=pattern\n", bad.err());
    assertFalse(Files.exists(out));
  }

  record BackupResult(VerbRun run) {
    List<String> mailboxes() {
      return run.result(dev.msgstore.commands.imsbackup.BackupReport.class).mailboxes();
    }
  }
}
