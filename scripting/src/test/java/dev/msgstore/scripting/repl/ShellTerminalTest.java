package dev.msgstore.scripting.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code msgstore shell} at a terminal: a child JVM in a pseudo-terminal, typed at key by key.
 * Completed text is proven by running it: an entry that was not completed would fail.
 */
class ShellTerminalTest {
  private static final String TAB = "\t";
  private static final String ENTER = "\r";
  private static final String CTRL_C = "\u0003";
  private static final String CTRL_D = "\u0004";
  private static final String UP = "\u001b[A";

  @TempDir Path dir;
  Path root;
  Path history;

  @BeforeEach
  void store() {
    root = dir.resolve("store");
    history = dir.resolve("history");
    new Launcher(root).withMailboxes("user/joe/INBOX", "user/joe/Sent");
  }

  @Test
  void completesRunsAndRecallsThePreviousSessionsEntries() throws Exception {
    try (Pty first = Pty.shell(root, history)) {
      first.await(Repl.PROMPT);
      first.type("mbox" + TAB);
      first.await("mboxutil");
      first.type(".li" + TAB);
      first.await(".list"); // right after "mboxutil"
      first.type("(pattern: 'user/joe/*').toString().contains('user/joe/Sent')" + ENTER);
      first.await(Repl.RESULT + "true");
      first.type("def answer = 6 *" + ENTER); // continues on the next line
      first.await(".> ");
      first.type("7" + ENTER);
      first.await(Repl.RESULT + "42");
      first.await(Repl.PROMPT);
      // written as each entry is accepted: a shell that is killed keeps its history
      String saved = Files.readString(history);
      assertTrue(saved.contains("def answer = 6 *"), () -> "the history file:\n" + saved);
      first.type(CTRL_D);
      assertEquals(0, first.exitCode(), first::screen);
    }

    try (Pty second = Pty.shell(root, history)) {
      second.await(Repl.PROMPT);
      second.type(UP);
      second.await("def answer = 6 *");
      second.type(ENTER);
      second.await(Repl.RESULT + "42");
      second.type("answer + 1" + ENTER); // the recalled declaration lasts, too
      second.await(Repl.RESULT + "43");
      second.type("/exit 4" + ENTER);
      assertEquals(4, second.exitCode(), second::screen);
    }
  }

  @Test
  void ctrlCStopsTheRunningEntryAndTheSessionGoesOn() throws Exception {
    try (Pty shell = Pty.shell(root, history)) {
      shell.await(Repl.PROMPT);
      shell.type("def kept = 'before'" + ENTER);
      shell.await(Repl.RESULT + "before");
      shell.await(Repl.PROMPT);
      // follows the journal: it shows what is there, then waits for more until stopped
      shell.type("journal(follow: true, print: true)" + ENTER);
      shell.await("\"test setup: mboxutil -c user/joe/Sent\"");
      shell.type(CTRL_C);
      shell.await(Repl.INTERRUPTED);
      shell.await(Repl.PROMPT);
      // a Groovy loop that calls nothing interruptible stops as well
      // (what is awaited is said by the entry running, not by the echo of what was typed)
      shell.type("long n = 0; println('loop' + 'ing'); while (true) { n++ }" + ENTER);
      shell.await("looping");
      shell.type(CTRL_C);
      shell.await(Repl.INTERRUPTED);
      shell.await(Repl.PROMPT);
      // a /load stops at the entry that Ctrl-C interrupted: the file's later entries do not run
      Path file = dir.resolve("waits.groovy");
      Files.writeString(
          file, "println('wait' + 'ing')\nThread.sleep(60_000)\n'the rest of the file'\n");
      shell.type("/load " + file + ENTER);
      shell.await("waiting");
      shell.type(CTRL_C);
      shell.await(Repl.INTERRUPTED);
      shell.await(Repl.PROMPT);
      // the session, its variables and the store are all there, and the store takes writes
      shell.type("kept + ' ' + mboxutil.list(pattern: 'user/joe/*').size()" + ENTER);
      shell.await(Repl.RESULT + "before 2");
      shell.type("mboxutil '-c', 'user/joe/Drafts'; mboxutil.list(pattern: 'user/joe/*').size()");
      shell.type(ENTER);
      shell.await(Repl.RESULT + "3");
      shell.await(Repl.PROMPT);
      // at the prompt, Ctrl-C only drops the line being typed
      shell.type("1 +");
      shell.type(CTRL_C);
      shell.await(Repl.PROMPT);
      shell.type("2 + 2" + ENTER);
      shell.await(Repl.RESULT + "4");
      shell.await(Repl.PROMPT); // the line editor reads Ctrl-D: typed earlier, it is no key
      shell.type(CTRL_D);
      assertEquals(0, shell.exitCode(), shell::screen);
      assertFalse(shell.screen().contains("the rest of the file"), shell::screen);
    }
    String saved = Files.readString(history);
    assertTrue(
        saved.contains("journal(follow: true, print: true)") && saved.contains("2 + 2"),
        () -> "the history file:\n" + saved);
  }

  /** JShell stops a snippet itself on Ctrl-C (JShell.stop); this keeps it so for ours. */
  @Test
  void ctrlCStopsAJShellSnippetAndJShellGoesOn() throws Exception {
    try (Pty jshell = Pty.jshell(root)) {
      jshell.await("jshell> ");
      jshell.type(
          "journal.typed(null, Map.of(\"follow\", true, \"print\", true), List.of())" + ENTER);
      jshell.await("\"test setup: mboxutil -c user/joe/Sent\"");
      jshell.type(CTRL_C);
      jshell.await("jshell> ");
      // one snippet: JShell stops the snippet running, and would run a second one after it
      jshell.type("{ System.out.println(\"loop\" + \"ing\"); while (true) {} }" + ENTER);
      jshell.await("looping");
      jshell.type(CTRL_C);
      jshell.await("jshell> ");
      jshell.type("store.mailboxes(\"user/joe/*\").size()" + ENTER);
      jshell.await("==> 2");
      jshell.await("jshell> ");
      jshell.type("/exit" + ENTER);
      assertEquals(0, jshell.exitCode(), jshell::screen);
    }
  }
}
