package dev.msgstore.commands.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged commit before the journal's end, through the command line: every verb names it and the
 * repair in one line (exit 65), and {@code reconstruct --skip-commit} or {@code --stop-at-commit}
 * repairs it, with {@code -n} and {@code --dry-run} writing nothing.
 */
class DamagedCommitTest {
  static final Pattern INDEX = Pattern.compile("index (0x[0-9a-f]+)");
  static final String MESSAGE = "Subject: %s\r\nMessage-ID: <%s@example.com>\r\n\r\n%s\r\n";

  @TempDir Path root;
  String damaged;

  /** ann's INBOX with three deliveries; the second one's commit then loses a bit. */
  @BeforeEach
  void damagedStore() throws IOException {
    deliver("one");
    deliver("two");
    deliver("three");
    damageDataDocument(StoreLayout.journal(root), 1); // 0: one (and its account), 1: two
    FileTrees.delete(StoreLayout.projections(root)); // as after a reboot: rebuilt from the journal
    VerbRun r = VerbRun.run("mboxutil", "--store", root.toString(), "-l");
    assertEquals(65, r.exit(), r.out() + r.err());
    assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    Matcher m = INDEX.matcher(r.err());
    assertTrue(m.find(), r.err());
    damaged = m.group(1);
    assertTrue(
        r.err().contains("is damaged (checksum mismatch)")
            && r.err().contains("'msgstore reconstruct --skip-commit " + damaged + "'")
            && r.err().contains("--stop-at-commit " + damaged),
        r.err());
  }

  @Test
  void reportOnlyAndDryRunSayWhatFollowsAndWriteNothing() throws IOException {
    byte[] before = cycleBytes();
    VerbRun n = reconstruct("--skip-commit", damaged, "-n");
    assertEquals(65, n.exit(), "damage found and left: " + n.out() + n.err());
    assertTrue(n.out().contains("is damaged (checksum mismatch), written after "), n.out());
    assertTrue(n.out().contains("after it: 1 commit from "), n.out());
    assertTrue(n.out().contains("(message.appended 1)"), n.out());
    assertTrue(n.out().contains("not repaired (-n)"), n.out());
    CommitRepair report = ((ReconstructReport) n.result()).journalRepair();
    assertEquals(CommitRepair.Choice.SKIP, report.choice());
    assertEquals(Long.decode(damaged), report.damaged().index());
    assertEquals(0, report.voided());
    assertNull(report.rebuilt());

    VerbRun stop = reconstruct("-n", "--stop-at-commit", damaged);
    assertEquals(65, stop.exit());
    assertTrue(stop.out().contains("and the 1 after it"), stop.out());

    VerbRun dry =
        VerbRun.run(
            "--dry-run", "reconstruct", "--store", root.toString(), "--skip-commit", damaged);
    assertEquals(0, dry.exit(), dry.out() + dry.err());
    assertTrue(dry.err().contains("dry run, would void the commit at index " + damaged), dry.err());
    assertTrue(java.util.Arrays.equals(before, cycleBytes()), "nothing written");
    assertEquals(65, VerbRun.run("mboxutil", "--store", root.toString(), "-l").exit());
  }

  @Test
  void skippingDropsTheDamagedCommitAloneAndRecordsIt() throws IOException {
    // in decimal this time: both forms name the same commit
    VerbRun r = reconstruct("--skip-commit", Long.toString(Long.decode(damaged)));
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("1 commit voided from index " + damaged + " (skipped)"), r.out());
    assertTrue(r.out().contains("projections rebuilt from the journal"), r.out());
    CommitRepair report = ((ReconstructReport) r.result()).journalRepair();
    assertEquals(1, report.voided());
    assertEquals(List.of("one", "three"), subjects());
    String journal = VerbRun.ok("journal", root).out();
    assertTrue(
        journal.contains(
                "maintenance.commits-voided firstIndex=" + Long.decode(damaged) + " count=1")
            && journal.contains("reason=skipped, damaged: checksum mismatch"),
        journal);
    deliver("four");
    FileTrees.delete(StoreLayout.projections(root));
    assertEquals(List.of("one", "three", "four"), subjects(), "after a rebuild too");
    VerbRun again = reconstruct("--skip-commit", damaged);
    assertEquals(65, again.exit());
    assertTrue(again.err().contains("is voided already: nothing to repair"), again.err());
  }

  @Test
  void stoppingSetsAsideTheDamagedCommitAndEverythingAfterIt() throws IOException {
    VerbRun r = reconstruct("--stop-at-commit", damaged);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("2 commits voided from index " + damaged), r.out());
    assertEquals(List.of("one"), subjects());
    assertTrue(
        VerbRun.ok("journal", root)
            .out()
            .contains("count=2 reason=stopped at a damaged commit: checksum mismatch"));
    deliver("four");
    FileTrees.delete(StoreLayout.projections(root));
    assertEquals(List.of("one", "four"), subjects());
  }

  @Test
  void aCommitDamagedAfterTheProjectionsAppliedItIsRebuiltOut() throws IOException {
    reconstruct("--skip-commit", damaged);
    deliver("four");
    deliver("five"); // its commit vouches for four's: damage to four is not a torn tail
    assertEquals(List.of("one", "three", "four", "five"), subjects()); // the projections hold four
    damageDataDocument(StoreLayout.journal(root), 4); // "four": 2 three, 3 the record of the skip
    VerbRun r = VerbRun.run("mboxutil", "--store", root.toString(), "-l");
    assertEquals(0, r.exit(), "nothing reads it again while the projections are current");
    String four = "0x" + Long.toHexString(Long.decode(damaged) + 3);
    VerbRun skip = reconstruct("--skip-commit", four);
    assertEquals(0, skip.exit(), skip.out() + skip.err());
    assertEquals(
        List.of("one", "three", "five"), subjects(), "the projections forget what was voided");
  }

  @Test
  void aWholeCommitBehindADamagedHeaderIsRestoredNotSkipped() throws IOException {
    reconstruct("--skip-commit", damaged); // "two" is gone; now "three" loses a bit of its header
    deliver("four"); // vouches for three
    flipHeaderBit(2, 3); // 0 one, 1 two (voided), 2 three
    FileTrees.delete(StoreLayout.projections(root));
    VerbRun r = VerbRun.run("mboxutil", "--store", root.toString(), "-l");
    assertEquals(65, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("the commit itself is whole"), r.err());
    Matcher m = INDEX.matcher(r.err());
    assertTrue(m.find(), r.err());
    assertEquals(65, reconstruct("--stop-at-commit", m.group(1)).exit(), "nothing to set aside");
    VerbRun fix = reconstruct("--skip-commit", m.group(1));
    assertEquals(0, fix.exit(), fix.out() + fix.err());
    assertTrue(fix.out().contains("header restored from its own frame, nothing voided"), fix.out());
    assertEquals(List.of("one", "three", "four"), subjects());
  }

  @Test
  void badIndexesChangeNothing() throws IOException {
    byte[] before = cycleBytes();
    assertRefused(64, "takes a commit index", "--skip-commit", "zz");
    assertRefused(64, "takes a commit index", "--skip-commit", "-3");
    assertRefused(64, "exclude each other", "--skip-commit", damaged, "--stop-at-commit", damaged);
    assertRefused(64, "--skip-commit goes with -n only", "--skip-commit", damaged, "-m");
    assertRefused(
        64, "--stop-at-commit goes with -n only", "--stop-at-commit", damaged, "user/ann/INBOX");
    long first = Long.decode(damaged) - 1;
    assertRefused(
        65, "is not damaged: nothing to repair", "--skip-commit", "0x" + Long.toHexString(first));
    assertRefused(
        66, "no commit at index 0x", "--skip-commit", "0x" + Long.toHexString(first + 100));
    assertRefused(66, "read as decimal; hex is written 0x", "--skip-commit", damaged.substring(2));
    assertTrue(java.util.Arrays.equals(before, cycleBytes()), "nothing written");
  }

  private void assertRefused(int exit, String says, String... args) {
    VerbRun r = reconstruct(args);
    assertEquals(exit, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
    assertTrue(r.err().contains(says), r.err());
    assertEquals(1, r.err().lines().filter(l -> !l.startsWith("try ")).count(), r.err());
  }

  private VerbRun reconstruct(String... args) {
    List<String> all = new ArrayList<>(List.of("reconstruct", "--store", root.toString()));
    all.addAll(List.of(args));
    return VerbRun.run(all.toArray(String[]::new));
  }

  private void deliver(String subject) {
    String msg = String.format(MESSAGE, subject, subject, subject);
    VerbRun r =
        VerbRun.run(
            new java.io.ByteArrayInputStream(
                msg.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            v -> {},
            "deliver",
            "--store",
            root.toString(),
            "-c",
            "ann");
    assertEquals(0, r.exit(), r.out() + r.err());
  }

  private List<String> subjects() {
    VerbRun r = VerbRun.run("imcheck", "--store", root.toString(), "-m", "user/ann/INBOX");
    assertEquals(0, r.exit(), r.out() + r.err());
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<(\\w+)@example\\.com>").matcher(r.out());
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private Path cycle() throws IOException {
    try (Stream<Path> s = Files.list(StoreLayout.journal(root))) {
      return s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
  }

  private byte[] cycleBytes() throws IOException {
    return Files.readAllBytes(cycle());
  }

  /** Flips bit {@code bit} of the Chronicle header word of the {@code n}th data document. */
  private void flipHeaderBit(int n, int bit) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(cycle().toFile(), "rw")) {
      long pos = 0;
      int seen = 0;
      byte[] b = new byte[4];
      for (; ; ) {
        f.seek(pos);
        f.readFully(b);
        int header = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertTrue(header > 0, "document " + n + " exists");
        if ((header & 0x40000000) == 0 && seen++ == n) {
          f.seek(pos);
          f.write(
              ByteBuffer.allocate(4)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .putInt(header ^ (1 << bit))
                  .array());
          return;
        }
        pos = (pos + 4 + (header & 0x3FFFFFFF) + 3) & ~3L;
      }
    }
  }

  /** Flips one bit in the middle of the {@code n}th data document of the journal's cycle file. */
  private void damageDataDocument(Path journal, int n) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(cycle().toFile(), "rw")) {
      long pos = 0;
      int seen = 0;
      byte[] b = new byte[4];
      for (; ; ) {
        f.seek(pos);
        f.readFully(b);
        int header = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertTrue(header > 0, "document " + n + " exists");
        int length = header & 0x3FFFFFFF;
        if ((header & 0x40000000) == 0 && seen++ == n) {
          long at = pos + 4 + length / 2;
          f.seek(at);
          int v = f.read();
          f.seek(at);
          f.write(v ^ 0x10);
          return;
        }
        pos = (pos + 4 + length + 3) & ~3L;
      }
    }
  }
}
