package dev.msgstore.commands.imsbackup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.commands.imsrestore.RestoreReport;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.RenameMailbox;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.command.Subscribe;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated store backed up and restored into an empty store gives the same state for the users
 * restored, and so do a full backup and the incrementals after it restored in order.
 */
class ImsbackupRoundTripTest {
  static final List<String> USERS = List.of("ann", "bob@example.org", "joe");

  @TempDir Path dir;

  @Test
  void aFullBackupRestoredIntoAnEmptyStoreGivesTheSameState() {
    Path source = dir.resolve("source");
    Path target = dir.resolve("target");
    BackupFixture.generate(source, 17);
    Path file = dir.resolve("full.bak");
    BackupReport b =
        VerbRun.ok("imsbackup", source, "-f", file.toString(), "-x", "/")
            .result(BackupReport.class);
    assertEquals(3, b.users());
    assertEquals(15, b.mailboxes().size());
    VerbRun r = VerbRun.ok("imsrestore", target, "-f", file.toString());
    RestoreReport report = r.result(RestoreReport.class);
    assertTrue(report.complete());
    assertEquals(b.messages(), report.messages(), r.out());
    sameState(source, target);
  }

  @Test
  void incrementalsRestoredInOrderGiveTheSameState() throws Exception {
    Path source = dir.resolve("source");
    Path target = dir.resolve("target");
    BackupFixture.generate(source, 5);
    Path full = dir.resolve("full.bak");
    VerbRun.ok("imsbackup", source, "-f", full.toString(), "-x", "/");
    String since1 = nextSecond();
    change(source, 1);
    Path inc1 = dir.resolve("inc1.bak");
    BackupReport i1 =
        VerbRun.ok("imsbackup", source, "-f", inc1.toString(), "-x", "-d", since1, "/")
            .result(BackupReport.class);
    assertTrue(i1.mailboxes().size() < 15, "only what changed: " + i1.mailboxes());
    String since2 = nextSecond();
    change(source, 2);
    Path inc2 = dir.resolve("inc2.bak");
    VerbRun.ok("imsbackup", source, "-f", inc2.toString(), "-x", "-d", since2, "/");

    VerbRun.ok("imsrestore", target, "-f", full.toString());
    VerbRun.ok("imsrestore", target, "-f", inc1.toString());
    VerbRun.ok("imsrestore", target, "-f", inc2.toString());
    sameState(source, target);
  }

  @Test
  void anIncrementalWithoutItsBaseIsRefusedMailboxByMailbox() throws Exception {
    Path source = dir.resolve("source");
    BackupFixture.generate(source, 9);
    String since = nextSecond();
    change(source, 1);
    Path inc = dir.resolve("inc.bak");
    VerbRun.ok("imsbackup", source, "-f", inc.toString(), "-d", since, "/");
    VerbRun r =
        VerbRun.run("imsrestore", "--store", dir.resolve("t").toString(), "-f", inc.toString());
    assertNotEquals(0, r.exit());
    assertTrue(r.err().contains("restore the full backup it is an increment of first"), r.err());
  }

  static void sameState(Path source, Path target) {
    String want = BackupFixture.dump(source, USERS);
    String got = BackupFixture.dump(target, USERS);
    String[] a = want.split("\n");
    String[] b = got.split("\n");
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      assertEquals(a[i], b[i], "line " + (i + 1) + " of the state dump");
    }
    assertEquals(want, got);
  }

  /** The next whole second, as -d takes it (UTC: VerbRun's TZ), once it has come. */
  static String nextSecond() throws InterruptedException {
    long next = (System.currentTimeMillis() / 1000 + 1) * 1000;
    Thread.sleep(next - System.currentTimeMillis() + 5);
    return DateTimeFormatter.ofPattern("yyyyMMdd:HHmmss")
        .withZone(ZoneOffset.UTC)
        .format(Instant.ofEpochMilli(next));
  }

  static void change(Path root, int round) {
    Random rnd = new Random(round);
    try (Store s = Store.open(root)) {
      var a = BackupFixture.AUTHOR;
      BackupFixture.append(s, rnd, "user/joe/INBOX", "new" + round, 900);
      s.execute(
          a,
          new StoreFlags(
              "user/joe/Archive",
              List.of(1L),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.SEEN, SystemFlag.FLAGGED),
              List.of("$Round" + round)));
      long first;
      try (var r = s.read()) {
        first = r.messages(r.mailbox("user/ann/INBOX").orElseThrow().id()).get(0).uid();
      }
      s.execute(a, new Expunge("user/ann/INBOX", List.of(first)));
      if (round == 1) {
        s.execute(a, new DeleteMailbox("user/ann/Sent"));
        s.execute(
            a, new RenameMailbox("user/bob@example.org/Sent", "user/bob@example.org/Old", null));
        BackupFixture.append(s, rnd, "user/ann/Projects", "p1", 500);
        s.execute(a, new SetAcl("user/joe/Archive", "ann", ""));
        s.execute(a, new SetAcl("user/joe/Archive", "bob@example.org", "lr"));
        s.execute(a, new Subscribe("joe", "user/joe/Sent", false));
      } else {
        s.execute(a, new DeleteMailbox("user/ann/Projects"));
        BackupFixture.append(s, rnd, "user/ann/Projects", "p2", 700);
        s.execute(a, new Subscribe("ann", "user/ann/Projects", true));
      }
    }
  }
}
