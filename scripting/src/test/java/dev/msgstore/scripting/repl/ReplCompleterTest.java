package dev.msgstore.scripting.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.scripting.ScriptHost.HostSettings;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What TAB offers, line by line, as JLine would ask the parser and then the completer. */
class ReplCompleterTest {
  @TempDir static Path dir;
  static ScriptHost host;
  static ReplCompleter completer;

  @BeforeAll
  static void host() {
    Path root = dir.resolve("store");
    new Launcher(root).withMailboxes("user/joe/INBOX", "user/joe/Sent", "user/jane/INBOX");
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    host = new ScriptHost(new HostSettings(root, quiet, quiet, Map.of(), "t", "test", null));
    host.binding().setVariable("answer", 42);
    completer = new ReplCompleter(host);
  }

  @AfterAll
  static void close() {
    host.close();
  }

  /** The candidates JLine would show for the cursor at the end of {@code line}. */
  private static List<String> complete(String line) {
    ParsedLine parsed = new ReplParser().parse(line, line.length(), ParseContext.COMPLETE);
    List<Candidate> candidates = new ArrayList<>();
    completer.complete(null, parsed, candidates);
    return candidates.stream()
        .map(Candidate::value)
        .filter(v -> v.startsWith(parsed.word()))
        .distinct()
        .sorted()
        .toList();
  }

  @Test
  void verbsAndVariables() {
    assertEquals(List.of("mboxutil"), complete("mbox"));
    assertEquals(List.of("answer"), complete("1 + ans"));
    assertTrue(complete("").containsAll(List.of("mboxutil", "journal", "store", "answer")));
  }

  @Test
  void aVerbsModesAfterItsName() {
    assertEquals(List.of("list"), complete("mboxutil.li"));
    assertTrue(complete("x = mboxutil.").containsAll(List.of("list", "create", "delete")));
  }

  @Test
  void methodsOfAVariablesValue() {
    assertEquals(List.of("mailbox", "mailboxes"), complete("store.mailb"));
    assertEquals(List.of("intValue"), complete("answer.intV"));
  }

  @Test
  void namedArgumentsInsideAVerbCall() {
    assertEquals(List.of("pattern: "), complete("mboxutil.list(pat"));
    assertEquals(List.of("pattern: "), complete("mboxutil.list pat"));
    assertEquals(List.of("print: "), complete("mboxutil.list(pattern: 'user/*', pri"));
    assertEquals(List.of(), complete("store.mailboxes(pat"));
  }

  @Test
  void optionFlagsInsideACommandLineCall() {
    List<String> flags = complete("mboxutil '-l', '-");
    assertTrue(flags.containsAll(List.of("-l", "-p", "-c", "--format")), flags::toString);
    assertFalse(flags.contains("--store") || flags.contains("-h"), flags::toString);
    assertEquals(List.of("--format"), complete("mboxutil(\"--f"));
  }

  @Test
  void mailboxNamesInsideAString() {
    assertEquals(
        List.of("user/joe/INBOX", "user/joe/Sent"), complete("store.mailboxes('user/joe/"));
    assertEquals(List.of("user/jane/INBOX"), complete("x = \"user/ja"));
    assertEquals(List.of(), complete("store.mailboxes('user/*"));
  }

  @Test
  void slashCommands() {
    assertEquals(List.of("/help", "/history"), complete("/h"));
    assertEquals(List.of("/load"), complete("  /lo"));
  }

  @Test
  void nothingInAComment() {
    assertEquals(List.of(), complete("1 // mbox"));
  }
}
