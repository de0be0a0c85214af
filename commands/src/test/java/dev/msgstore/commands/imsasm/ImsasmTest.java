package dev.msgstore.commands.imsasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.VerbRun;
import dev.msgstore.commands.cli.ByteWriter;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.imsbackup.BackupFixture;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.StoreFlags;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * imsasm driven as NetWorker drives it: mkbackupdir's tree walked, each user directory (with the
 * .nsr directive mkbackupdir wrote) saved through {@code imsasm -s}, the save streams concatenated
 * and recovered through {@code imsasm -r} into an empty store, and compared with {@code -c}.
 */
class ImsasmTest {
  static final List<String> USERS = List.of("joe", "ann", "bob@example.org");

  @TempDir Path dir;
  Path source;
  Path tree;

  record Run(int exit, byte[] out, String err, AsmReport report) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  static Run asm(Path store, byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("imsasm", "--store", store.toString()));
    all.addAll(List.of(args));
    CliContext ctx =
        new CliContext(
            new ByteWriter(out, true),
            new PrintWriter(err, true),
            new ByteArrayInputStream(stdin),
            Map.of("TZ", "UTC"),
            "tester",
            "msgstore " + String.join(" ", all),
            null);
    CommandLine cl = Main.commandLine(ctx);
    int code = cl.execute(all.toArray(String[]::new));
    ctx.out().flush();
    Object cmd = cl.getSubcommands().get("imsasm").getCommand();
    return new Run(code, out.toByteArray(), err.toString(), ((ImsasmCommand) cmd).result());
  }

  static Run ok(Path store, byte[] stdin, String... args) {
    Run r = asm(store, stdin, args);
    assertEquals(0, r.exit(), () -> List.of(args) + ": " + r.err() + r.text());
    return r;
  }

  /**
   * What a restore must reproduce, less what expunged-not-purged messages make: imsasm saves as
   * imsbackup does without -x, so they, and the last-append time one of them set, stay behind.
   */
  static String dump(Path store, List<String> users) {
    return Arrays.stream(BackupFixture.dump(store, users).split("\n"))
        .filter(l -> !l.startsWith("  expunged "))
        .map(l -> l.replaceFirst(" lastAppend=\\d+$", ""))
        .collect(Collectors.joining("\n"));
  }

  static String dump(Path store) {
    return dump(store, USERS);
  }

  @BeforeEach
  void store() {
    source = dir.resolve("source");
    BackupFixture.generate(source, 17);
    tree = dir.resolve("backup");
    VerbRun.ok("mkbackupdir", source, "-p", tree.toString());
  }

  /** The user directories of the tree, as NetWorker's walk meets their .nsr directives. */
  List<Path> userDirectories() throws Exception {
    try (Stream<Path> all = Files.walk(tree)) {
      return all.filter(p -> p.getFileName().toString().equals(".nsr"))
          .map(Path::getParent)
          .sorted()
          .toList();
    }
  }

  @Test
  void aWalkOfTheTreeSavedUserByUserRecoversIntoAnEmptyStore() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<Path> users = userDirectories();
    assertEquals(3, users.size(), users.toString());
    for (int i = 0; i < users.size(); i++) {
      Path u = users.get(i);
      String directive = Files.readString(u.resolve(".nsr")).strip();
      assertTrue(directive.startsWith("imsasm: INBOX "), directive);
      // each save but the last leaves out the end-of-stream boolean: the next one goes on
      Run r =
          i < users.size() - 1
              ? ok(source, new byte[0], "-s", "-e", u.toString())
              : ok(source, new byte[0], "-s", u.toString());
      // 5 folders and the account, in the directive's order of files
      assertEquals(6, r.report().records().size(), r.report().toString());
      assertEquals("account", r.report().records().get(5).kind());
      stream.write(r.out());
    }
    byte[] saved = stream.toByteArray();
    Path target = dir.resolve("target");
    Run rec = ok(target, saved, "-r", "-v");
    assertTrue(rec.text().contains("imsasm: 18 of 18 records recovered"), rec.text());
    assertEquals(dump(source), dump(target));

    // -c: the recovered store holds what was saved; a flag changed since is a difference
    Run same = ok(target, saved, "-c");
    assertEquals(0, same.report().differing(), same.text());
    try (Store s = Store.open(target)) {
      s.execute(
          Author.of("tester", "t"),
          new StoreFlags(
              "user/joe/Sent",
              List.of(1L),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.FLAGGED),
              List.of("$x")));
    }
    Run differs = asm(target, saved, "-c");
    assertEquals(65, differs.exit(), differs.err());
    assertEquals(1, differs.report().differing());
    assertTrue(
        differs
            .text()
            .contains(
                "joe/Sent: differs: user/joe/Sent 1 messages only in the save stream (UIDs 1), 1 only in the store (UIDs 1)"),
        differs.text());
    assertTrue(differs.err().contains("1 of 18 records differ from the store"), differs.err());

    // -n: every record read and checked, nothing recovered
    Path empty = dir.resolve("empty");
    Run check = ok(empty, saved, "-r", "-n");
    assertTrue(check.text().contains("imsasm: 18 records checked"), check.text());
    assertFalse(Files.exists(empty.resolve("journal")), "a dry run opens no store");
  }

  @Test
  void oneWalkFromTheRootWithPrefixSelectionAndMapping() throws Exception {
    Run all = ok(source, new byte[0], "-s", "-p", "/nsr", tree.toString());
    assertEquals(18, all.report().records().size());
    String joe = "/nsr" + tree.resolve("primary/ALL/joe");
    // only joe's, and as ann2
    Path target = dir.resolve("t");
    Run rec =
        ok(
            target,
            all.out(),
            "-r",
            "-p",
            "/nsr",
            "-m",
            tree.resolve("primary/ALL/joe") + "=" + tree.resolve("primary/ALL/ann2"),
            tree.resolve("primary/ALL/joe").toString());
    assertEquals(
        6,
        rec.report().records().stream().filter(e -> e.outcome().equals("recovered")).count(),
        rec.report().toString());
    String want =
        dump(source, List.of("joe"))
            .replace("user/joe/", "user/ann2/")
            .replace("account joe", "account ann2")
            .replace("root=joe", "root=ann2")
            .replace("user=joe", "user=ann2");
    assertEquals(want, dump(target, List.of("ann2")));
    assertTrue(joe.startsWith("/nsr/"));
  }

  @Test
  void conflictsFollowTheOverwriteResponse() throws Exception {
    Path inbox = tree.resolve("primary/ALL/joe/INBOX");
    byte[] saved = ok(source, new byte[0], "-s", inbox.toString()).out();
    // into the store it came from: N skips, R renames as INBOX.R, Y overwrites
    Run n = ok(source, saved, "-r", "-i", "N");
    assertEquals("skipped", n.report().records().get(0).outcome());
    Run r = ok(source, saved, "-r", "-i", "R");
    assertEquals("user/joe/INBOX.R", r.report().records().get(0).target());
    Run again = ok(source, saved, "-r", "-i", "R", "-z", "old");
    assertEquals("user/joe/INBOX.old", again.report().records().get(0).target());
    String before = dump(source);
    try (Store s = Store.open(source)) {
      s.execute(
          Author.of("tester", "t"),
          new StoreFlags(
              "user/joe/INBOX",
              List.of(1L),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.FLAGGED),
              List.of()));
    }
    assertTrue(asm(source, saved, "-c").exit() == 65);
    ok(source, saved, "-r", "-i", "Y");
    ok(source, saved, "-c");
    // lowercase without a terminal: the response given, said once
    Run lower = ok(source, saved, "-r", "-i", "n");
    assertTrue(lower.err().contains("no terminal to prompt on"), lower.err());
    assertEquals("skipped", lower.report().records().get(0).outcome());
    assertTrue(before.contains("user/joe/INBOX "));
  }

  @Test
  void directivesByteCountDryRunAndIncrementals() throws Exception {
    Path joe = tree.resolve("primary/ALL/joe");
    Files.writeString(joe.resolve(".nsr"), "imsasm: INBOX Archive.msg Archive/2025\nskip: Sent\n");
    Run dry = ok(source, new byte[0], "-s", "-n", joe.toString());
    assertTrue(dry.text().contains("would save " + joe.resolve("INBOX")), dry.text());
    assertFalse(dry.text().contains(joe.resolve("Sent").toString()), dry.text());
    assertFalse(dry.text().contains("été"), "named by no directive: " + dry.text());
    assertEquals(4, dry.report().records().size());
    Run ignoring = ok(source, new byte[0], "-s", "-n", "-i", joe.toString());
    assertEquals(6, ignoring.report().records().size(), ignoring.text());
    Run count = ok(source, new byte[0], "-s", "-b", joe.toString());
    String[] three = count.text().strip().split(" ");
    assertEquals("4", three[0]);
    assertTrue(Long.parseLong(three[2]) > 0, count.text());
    assertEquals(0, count.out().length - count.text().length());

    // -t: only what changed since
    Thread.sleep(1100); // -t counts in seconds: the store's making is a second before
    String now = String.valueOf(System.currentTimeMillis() / 1000);
    Thread.sleep(1100);
    try (Store s = Store.open(source)) {
      s.execute(
          Author.of("tester", "t"),
          new StoreFlags(
              "user/joe/Archive",
              List.of(1L),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.SEEN),
              List.of("$y")));
    }
    Run inc = ok(source, new byte[0], "-s", "-t", now, "-v", joe.toString());
    List<String> names = inc.report().records().stream().map(AsmReport.Entry::name).toList();
    assertEquals(List.of(joe.resolve("Archive.msg").toString(), joe.toString()), names, inc.err());
    assertTrue(inc.err().contains("unchanged since -t"), inc.err());
  }

  @Test
  void aDamagedOrTruncatedStreamStopsAtItsRecord() throws Exception {
    Path joe = tree.resolve("primary/ALL/joe");
    byte[] saved = ok(source, new byte[0], "-s", joe.toString()).out();
    byte[] flipped = saved.clone();
    flipped[flipped.length / 2] ^= 0x40;
    Run bad = asm(dir.resolve("t1"), flipped, "-r");
    assertEquals(65, bad.exit());
    assertTrue(bad.err().contains("checksum mismatch"), bad.err());
    assertTrue(bad.err().contains(joe.toString()), bad.err());
    Run cut = asm(dir.resolve("t2"), Arrays.copyOf(saved, saved.length - 100), "-r");
    assertEquals(65, cut.exit());
    assertTrue(
        cut.err().contains("ends inside this record's data") || cut.err().contains("head"),
        cut.err());
    Run notOne = asm(dir.resolve("t3"), "hello world".getBytes(StandardCharsets.UTF_8), "-r");
    assertEquals(65, notOne.exit());
    assertTrue(notOne.err().contains("not an imsasm save record"), notOne.err());
    Run usage = asm(dir.resolve("t3"), new byte[0], "-s");
    assertEquals(64, usage.exit());
    Run order = asm(dir.resolve("t3"), new byte[0], "-i", "y", "-r");
    assertEquals(64, order.exit(), order.err());
    assertTrue(order.err().contains("-s, -r or -c must come before"), order.err());
    Run compareI = asm(dir.resolve("t3"), new byte[0], "-c", "-i");
    assertEquals(64, compareI.exit(), compareI.err());
    Run badResponse = asm(dir.resolve("t3"), new byte[0], "-r", "-i", "q");
    assertEquals(64, badResponse.exit(), badResponse.err());
    assertTrue(badResponse.err().contains("-i: one of n N y Y r R"), badResponse.err());
  }
}
