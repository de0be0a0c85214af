package dev.msgstore.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code msgstore run}: real script files against a real store, and what the journal says. */
class RunCommandTest {
  @TempDir Path dir;
  Path store;

  @BeforeEach
  void store() {
    store = dir.resolve("store");
    Store.open(store).close();
    assertEquals(
        0, Launcher.run("mboxutil", "--store", store.toString(), "-c", "user/joe/INBOX").exit());
  }

  Launcher run(String name, String script, String... args) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, script);
    String[] line = new String[4 + args.length];
    line[0] = "run";
    line[1] = "--store";
    line[2] = store.toString();
    line[3] = file.toString();
    System.arraycopy(args, 0, line, 4, args.length);
    return Launcher.run(line);
  }

  List<String> journal() {
    return Launcher.run("journal", "--store", store.toString()).out().lines().toList();
  }

  @Test
  void aScriptsCommitsNameTheScriptAndItsLine() throws IOException {
    Launcher r =
        run(
            "folders.groovy",
            """
            // two folders for joe
            mboxutil '-c', 'user/joe/Sent'
            mboxutil.create('user/joe/Drafts')
            println store.mailboxes('user/joe/*')*.name.sort()
            """);
    assertEquals(0, r.exit(), r.err());
    assertEquals("[user/joe/Drafts, user/joe/INBOX, user/joe/Sent]\n", r.out());
    List<String> j = journal();
    String sent = j.get(j.size() - 2);
    String drafts = j.get(j.size() - 1);
    assertTrue(sent.contains(" folders.groovy@"), sent);
    assertTrue(
        sent.contains(
            "\"msgstore run folders.groovy (by tester), line 2: mboxutil -c user/joe/Sent\""),
        sent);
    assertTrue(drafts.contains("line 3: mboxutil -c -- user/joe/Drafts\""), drafts);
    Launcher byActor =
        Launcher.run("journal", "--store", store.toString(), "--actor", "folders.groovy");
    assertEquals(2, byActor.out().lines().count(), byActor.out());
  }

  @Test
  void aRunMakesTheStoreOnFirstUseButADryRunMakesNone() throws IOException {
    Path script = dir.resolve("first.groovy");
    Files.writeString(script, "mboxutil '-c', 'user/new/INBOX'\n");
    Path fresh = dir.resolve("fresh");
    Launcher dry = Launcher.run("--dry-run", "run", "--store", fresh.toString(), script.toString());
    assertEquals(66, dry.exit(), dry.err());
    assertTrue(dry.err().contains("no store in " + fresh.toAbsolutePath()), dry.err());
    assertFalse(Files.exists(fresh), fresh + " was made by a dry run");
    Launcher real = Launcher.run("run", "--store", fresh.toString(), script.toString());
    assertEquals(0, real.exit(), real.err());
    assertTrue(StoreLayout.exists(fresh));
  }

  @Test
  void scriptArgumentsReachTheScriptEvenWhenTheyLookLikeOptions() throws IOException {
    Launcher r = run("showargs.groovy", "println args.toList()", "-x", "--csv", "users.csv");
    assertEquals(0, r.exit(), r.err() + r.out());
    assertEquals("[-x, --csv, users.csv]\n", r.out());
  }

  @Test
  void aSyntaxErrorNamesLineAndColumnAndNothingRuns() throws IOException {
    int before = journal().size();
    Launcher r =
        run(
            "broken.groovy",
            """
            mboxutil '-c', 'user/joe/Sent'
            def x = [1, 2
            println 'never'
            """);
    assertEquals(65, r.exit());
    assertTrue(r.err().startsWith("broken.groovy: line "), r.err());
    assertTrue(r.err().matches("(?s)broken.groovy: line \\d+, column \\d+: .+"), r.err());
    assertEquals("", r.out());
    assertEquals(before, journal().size(), "nothing of a script that does not compile runs");
  }

  @Test
  void aFailureMidScriptKeepsWhatWasCommittedAndNamesTheLine() throws IOException {
    Launcher r =
        run(
            "half.groovy",
            """
            mboxutil '-c', 'user/joe/Sent'
            mboxutil '-d', 'user/nobody/Sent'
            mboxutil '-c', 'user/joe/Never'
            """);
    assertEquals(67, r.exit(), r.err());
    assertTrue(r.err().startsWith("half.groovy, line 2: mboxutil: "), r.err());
    List<String> names =
        Launcher.run("mboxutil", "--store", store.toString(), "-l", "-s").out().lines().toList();
    assertTrue(names.contains("user/joe/Sent"), names.toString());
    assertFalse(names.contains("user/joe/Never"), names.toString());
  }

  @Test
  void aVerbWithBadArgumentsFailsWithItsOwnUsage() throws IOException {
    Launcher r = run("usage.groovy", "mboxutil '-l', '--no-such-option'");
    assertEquals(64, r.exit());
    assertTrue(r.err().startsWith("usage.groovy, line 1: mboxutil: Unknown option"), r.err());
    assertTrue(r.err().contains("; try 'msgstore mboxutil --help'"), r.err());
  }

  @Test
  void aVerbFailureCanBeCaughtWithItsExitCode() throws IOException {
    Launcher r =
        run(
            "caught.groovy",
            """
            try {
              mboxutil '-d', 'user/nobody/Sent'
            } catch (VerbException e) {
              println "${e.verb()} ${e.exitCode}: ${e.message}"
            }
            """);
    assertEquals(0, r.exit(), r.err());
    assertEquals("mboxutil 67: mboxutil: unknown user nobody\n", r.out());
  }

  @Test
  void anExceptionOfTheScriptsOwnNamesItsLine() throws IOException {
    Launcher r = run("npe.groovy", "def a = null\n\nprintln a.size()\n");
    assertEquals(70, r.exit());
    assertTrue(r.err().startsWith("npe.groovy, line 3: NullPointerException"), r.err());
  }

  @Test
  void exitEndsTheScriptWithItsCode() throws IOException {
    Launcher r = run("exit.groovy", "println 'a'\nexit 3\nprintln 'b'\n");
    assertEquals(3, r.exit());
    assertEquals("a\n", r.out());
  }

  @Test
  void anUnknownVerbOrVariableSaysWhatThereIs() throws IOException {
    Launcher r = run("unknown.groovy", "mboxutl '-l'\n");
    assertEquals(70, r.exit());
    assertTrue(r.err().contains("mboxutl"), r.err());
    Launcher v = run("unknown2.groovy", "println nosuch\n");
    assertTrue(v.err().contains("no variable or verb 'nosuch' (verbs: "), v.err());
  }

  @Test
  void aMissingScriptIsNoInput() {
    Launcher r =
        Launcher.run("run", "--store", store.toString(), dir.resolve("nope.groovy").toString());
    assertEquals(66, r.exit());
    assertTrue(r.err().startsWith("run: cannot read the script "), r.err());
  }

  @Test
  void aDryRunWritesNothingAndReportsWhatItWouldHaveDone() throws IOException {
    int before = journal().size();
    Path file = dir.resolve("provision.groovy");
    Files.writeString(
        file,
        """
        mboxutil '-c', 'user/ann/INBOX'
        mboxutil.create('user/ann/Sent')
        println store.mailboxes('user/ann/*')*.name
        """);
    Launcher r = Launcher.run("run", "--dry-run", "--store", store.toString(), file.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "[user/ann/INBOX, user/ann/Sent]\n", r.out(), "the script sees what it would have done");
    List<String> report = r.err().lines().toList();
    assertEquals(3, report.size(), r.err());
    assertTrue(
        report.get(0).startsWith("dry run, would commit: directory.user-created userId=ann"),
        report.get(0));
    assertTrue(report.get(1).startsWith("dry run, would commit: mailbox.created"), report.get(1));
    assertTrue(report.get(1).contains("name=user/ann/Sent"), report.get(1));
    assertEquals("dry run: 2 commit(s) would have been made; nothing was written", report.get(2));
    assertEquals(before, journal().size());
    List<String> names =
        Launcher.run("mboxutil", "--store", store.toString(), "-l", "-s").out().lines().toList();
    assertFalse(names.contains("user/ann/INBOX"), "the store itself is unchanged: " + names);
  }
}
