package dev.msgstore.scripting.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.scripting.repl.Launcher.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code msgstore shell} fed through its standard input, as by a pipe: no terminal. */
class ShellInputTest {
  @TempDir Path dir;
  Launcher launcher;

  @BeforeEach
  void store() {
    launcher = new Launcher(dir.resolve("store")).withMailboxes("user/joe/INBOX", "user/joe/Sent");
  }

  private static void ok(Result r) {
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), r::toString);
  }

  @Test
  void printsEachResultAndBindsTheLastAsUnderscore() {
    Result r = launcher.shell("1 + 1", "_ * 10", "null", "println 'printed'", "_");
    ok(r);
    assertEquals(List.of("2", "20", "20"), r.results(), r::toString);
    assertTrue(r.out().contains("printed\n"), r::toString);
  }

  @Test
  void verbsAndStoreAnswer() {
    Result r =
        launcher.shell(
            "store.mailboxes('user/joe/*')*.name",
            "mboxutil.list(pattern: 'user/*').toString().contains('user/joe/Sent')");
    ok(r);
    assertEquals(List.of("[user/joe/INBOX, user/joe/Sent]", "true"), r.results(), r::toString);
  }

  @Test
  void topLevelDeclarationsAndMethodsLastForTheSession() {
    Result r =
        launcher.shell(
            "def x = 5",
            "var y = x + 1",
            "final z = 3",
            "String s = 42",
            "Set set = [1, 1, 2]",
            "def a = 1, b = 2",
            "def (p, q) = [10, 20]",
            "int n",
            "[x, y, z, s, s.class.simpleName, set.class.simpleName, a + b, p + q, n]",
            "def twice(v) { v * 2 }",
            "twice(x)",
            "def twice(v) { v * 3 }",
            "twice(1)",
            "class Point { int px }",
            "new Point(px: 4).px");
    ok(r);
    assertEquals(
        List.of("[5, 6, 3, 42, String, LinkedHashSet, 3, 30, 0]", "10", "3", "4"),
        r.results().subList(r.results().size() - 4, r.results().size()),
        r::toString);
  }

  @Test
  void declarationsInsideBlocksStayLocal() {
    Result r = launcher.shell("if (true) { def inner = 1 }", "binding.hasVariable('inner')");
    ok(r);
    assertEquals(List.of("1", "false"), r.results(), r::toString);
  }

  @Test
  void incompleteEntriesContinueOnTheNextLine() {
    Result r =
        launcher.shell(
            "def add(a, b) {",
            "  a + b",
            "}",
            "add(1,",
            "  2)",
            "[1,",
            " 2].sum() +",
            " 10",
            "'''one",
            "two'''",
            "/* a comment",
            "   that goes on */ 'after the comment'",
            "mboxutil.list(pattern: 'user/joe/*').collect {",
            "  it.toString() }.toString().contains('INBOX')");
    ok(r);
    assertEquals(
        List.of("3", "13", "one", "two", "after the comment", "true"),
        r.out().lines().map(l -> l.replace(Repl.RESULT, "")).toList(),
        r::toString);
  }

  @Test
  void aSyntaxErrorIsReportedWithLineAndColumnAndTheShellGoesOn() {
    Result r = launcher.shell("foo(1))", "'next'", "def f() {", "  1 +* 2", "}", "'last'");
    assertEquals(List.of("next", "last"), r.results(), r::toString);
    List<String> errors = r.err().lines().toList();
    assertEquals(2, errors.size(), r::toString);
    assertTrue(errors.get(0).matches("shell: line 1, column \\d+: .+"), r::toString);
    assertTrue(errors.get(1).matches("shell: line 2, column \\d+: .+"), r::toString);
    assertEquals(ExitCodes.DATA, r.code(), r::toString);
  }

  @Test
  void aOneLineStringLeftOpenIsAnErrorAtOnce() {
    Result r = launcher.shell("'abc", "'next'");
    assertEquals(List.of("next"), r.results(), r::toString);
    assertTrue(r.err().startsWith("shell: line 1, column 1: "), r::toString);
  }

  @Test
  void anEntryLeftIncompleteAtTheEndOfInputIsReported() {
    Result r = launcher.shell("'first'", "[1, 2");
    assertEquals(List.of("first"), r.results(), r::toString);
    assertTrue(r.err().startsWith("shell: line "), r::toString);
    assertEquals(ExitCodes.DATA, r.code(), r::toString);
  }

  @Test
  void aVerbWithBadArgumentsSaysWhereItsHelpIsAndTheShellGoesOn() {
    Result r = launcher.shell("mboxutil '--bogus'", "'next'");
    assertEquals(List.of("next"), r.results(), r::toString);
    assertTrue(r.err().contains("mboxutil: Unknown option: '--bogus'"), r::toString);
    assertTrue(r.err().contains("; try 'msgstore mboxutil --help'"), r::toString);
    assertEquals(ExitCodes.USAGE, r.code(), r::toString);
  }

  @Test
  void pipedInputExitsWithTheLastFailuresCode() {
    Result r = launcher.shell("nosuchthing", "mboxutil '--bogus'", "'fine'");
    assertEquals(ExitCodes.USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("no variable or verb 'nosuchthing'"), r::toString);
    assertEquals(List.of("fine"), r.results(), r::toString);
  }

  @Test
  void exitEndsTheShellWithItsCode() {
    Result r = launcher.shell("'before'", "exit(3)", "'not run'");
    assertEquals(3, r.code(), r::toString);
    assertEquals(List.of("before"), r.results(), r::toString);
  }

  @Test
  void aCommitFromTheShellNamesItInTheJournal() {
    ok(launcher.shell("mboxutil.create('user/joe/Drafts')"));
    Result journal = launcher.verb("journal");
    String line =
        journal.out().lines().filter(l -> l.contains("user/joe/Drafts")).findFirst().orElseThrow();
    assertTrue(line.contains("msgstore shell, line 1: mboxutil -c"), journal::toString);
    assertTrue(line.contains(Launcher.ACTOR), journal::toString);
  }

  @Test
  void varsShowsNamesTypesAndValues() {
    Result r = launcher.shell("x = 42", "def name = 'joe'", "/vars");
    ok(r);
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("x\\s+: Integer = 42")), r::toString);
    assertTrue(lines.stream().anyMatch(l -> l.matches("name\\s+: String = joe")), r::toString);
    assertTrue(lines.stream().anyMatch(l -> l.matches("_\\s+: String = joe")), r::toString);
    assertTrue(lines.stream().anyMatch(l -> l.matches("store\\s+: ScriptStore = .*")), r::toString);
  }

  @Test
  void historyShowsThisSessionsEntriesNumbered() {
    Result r = launcher.shell("1 + 1", "[1,", " 2]", "/history");
    ok(r);
    assertTrue(r.out().contains("1  1 + 1\n2  [1,\n    2]\n3  /history\n"), r::toString);
  }

  @Test
  void saveKeepsTheEntriesThatRanAndLoadRunsThemInANewSession() throws Exception {
    Path saved = dir.resolve("session.groovy");
    Result first =
        launcher.shell(
            "def n = 3",
            "def square(v) {",
            "  v * v",
            "}",
            "nosuch.call()",
            "foo(1))",
            "square(n)",
            "/save " + saved);
    assertTrue(first.out().contains("saved 3 entries to " + saved), first::toString);
    assertEquals(
        List.of("def n = 3", "def square(v) {", "  v * v", "}", "square(n)"),
        Files.readAllLines(saved));

    Result second = launcher.shell("/load " + saved, "square(n) + 1");
    assertEquals(List.of("3", "9", "10"), second.results(), second::toString);
    assertEquals("", second.err(), second::toString);
  }

  @Test
  void loadReportsAMissingFile() {
    Result r = launcher.shell("/load " + dir.resolve("missing.groovy"), "'next'");
    assertTrue(r.err().contains("cannot read") && r.err().contains("no such file"), r::toString);
    assertEquals(List.of("next"), r.results(), r::toString);
    assertEquals(ExitCodes.NO_INPUT, r.code(), r::toString);
  }

  @Test
  void helpListsCommandsAndVerbs() {
    Result r = launcher.shell("/help", "/help mboxutil");
    ok(r);
    for (String expected :
        List.of("/exit [code]", "/load FILE", "/save FILE", "/history", "/vars", "/help [verb]")) {
      assertTrue(r.out().contains(expected), () -> expected + " in\n" + r);
    }
    assertTrue(r.out().contains("Ctrl-C stops the entry running"), r::toString);
    assertTrue(
        r.out().lines().anyMatch(l -> l.matches("\\s+mboxutil\\s+modes: list, .*")), r::toString);
    assertTrue(r.out().contains("Usage: msgstore mboxutil"), r::toString);
  }

  @Test
  void exitAndQuitEndTheShell() {
    Result exit = launcher.shell("'one'", "/exit", "'not run'");
    assertEquals(0, exit.code(), exit::toString);
    assertEquals(List.of("one"), exit.results(), exit::toString);
    Result quit = launcher.shell("/quit 5", "'not run'");
    assertEquals(5, quit.code(), quit::toString);
    assertEquals(List.of(), quit.results(), quit::toString);
  }

  @Test
  void anUnknownCommandIsOneLine() {
    Result r = launcher.shell("/nope", "'next'");
    assertEquals("shell: no command /nope (/help lists them)\n", r.err(), r::toString);
    assertEquals(List.of("next"), r.results(), r::toString);
    assertFalse(r.out().contains("nope"), r::toString);
  }
}
