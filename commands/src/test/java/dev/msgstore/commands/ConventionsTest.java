package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.Json;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.mboxutil.MailboxRow;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.model.UserDirectoryHash;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What every verb shares: {@code --format text|json}, {@code msgstore help VERB}, the closest verbs
 * for an unknown one, {@code --dry-run} only where something could be written, and picocli's errors
 * in the verbs' own one-line shape.
 */
class ConventionsTest {
  static final Author ADMIN = new Author("admin", "test setup", "mailhost", 1);

  @TempDir Path root;

  /** As the launcher runs a command line: the verb's result is not kept unless asked for. */
  Cli launcher(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out),
            new PrintWriter(err),
            InputStream.nullInputStream(),
            Map.of("TZ", "UTC"),
            "tester",
            "msgstore " + String.join(" ", args),
            null,
            false);
    int code = Main.run(ctx, args);
    return new Cli(code, out.toString(), err.toString());
  }

  void annWithAMessage() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/ann/INBOX", null));
      byte[] m =
          "From: a@example.com\r\nSubject: hi\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8);
      s.append(ADMIN, "user/ann/INBOX", new ByteArrayInputStream(m), AppendOptions.DEFAULT);
    }
  }

  static CliContext quiet() {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    return new CliContext(none, none, Map.of(), "t", List.of());
  }

  static CommandLine verb(String name) {
    return Main.commandLine(quiet()).getSubcommands().get(name);
  }

  // ---- --format ----

  @Test
  void everyVerbWithAResultTakesFormat() {
    CommandLine launcher = Main.commandLine(quiet());
    launcher
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommand() instanceof ResultVerb) {
                var format = sub.getCommandSpec().findOption("--format");
                assertNotNull(format, name + " has no --format");
                assertEquals(
                    List.of("text", "json"),
                    iterate(format.completionCandidates()),
                    name + "'s --format values");
              }
            });
  }

  static List<String> iterate(Iterable<String> values) {
    List<String> all = new java.util.ArrayList<>();
    values.forEach(all::add);
    return all;
  }

  @Test
  void jsonIsTheResultRecordsOneObjectALine() {
    Cli r = launcher("hashdir", "--format", "json", "joe", "ann@example.com");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "{\"user\":\"joe\",\"directory\":\""
            + UserDirectoryHash.of("joe")
            + "/\"}\n{\"user\":\"ann@example.com\",\"directory\":\""
            + UserDirectoryHash.of("ann@example.com")
            + "/\"}\n",
        r.out());
    assertEquals(UserDirectoryHash.of("joe") + "/\n", launcher("hashdir", "joe").out());
  }

  @Test
  void aVerbThatKeepsNoRowsInTheLauncherStillPrintsThemAsJson() throws IOException {
    annWithAMessage();
    VerbRun kept = VerbRun.ok("imcheck", root, "-m", "user/ann/INBOX");
    Cli r =
        launcher("imcheck", "--store", root.toString(), "-m", "user/ann/INBOX", "--format", "json");
    assertEquals(0, r.exit(), r.err());
    assertFalse(r.out().isEmpty());
    StringWriter expected = new StringWriter();
    Json.lines(kept.result(), new PrintWriter(expected));
    assertEquals(expected.toString(), r.out());
    assertTrue(r.out().startsWith("{"), r.out());
  }

  @Test
  void mboxutilsJsonHasTheFieldNamesOfMailboxRow() throws IOException {
    annWithAMessage();
    VerbRun r = VerbRun.ok("mboxutil", root, "-l", "--format", "json");
    MailboxRow row = r.list(MailboxRow.class).get(0);
    assertEquals(Json.line(row) + "\n", r.out());
    List<String> names =
        Arrays.stream(MailboxRow.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toList();
    for (String n : names) {
      assertTrue(r.out().contains("\"" + n + "\":"), n + " missing from " + r.out());
    }
  }

  @Test
  void journalTakesFormatJsonAndKeepsJsonAsItsAlias() throws IOException {
    annWithAMessage();
    Cli json = launcher("journal", "--store", root.toString(), "--format", "json");
    assertEquals(0, json.exit(), json.err());
    assertEquals(json.out(), launcher("journal", "--store", root.toString(), "--json").out());
    assertTrue(json.out().contains(",\"meta\":{\"timeMicros\":"), json.out());
    assertTrue(json.out().contains("\"actor\":\"admin\""), json.out());
    assertTrue(json.out().contains("\"events\":[{\"type\":\"directory.user-created\""), json.out());
  }

  @Test
  void anUnknownFormatIsOneUsageLine() {
    Cli r = launcher("hashdir", "--format", "xml", "joe");
    assertEquals(64, r.exit());
    assertEquals(
        "hashdir: Invalid value for option '--format': expected one of [text, json]"
            + " (case-sensitive) but was 'xml'; try 'msgstore hashdir --help'\n",
        r.err());
    assertEquals("", r.out());
  }

  // ---- help ----

  @Test
  void helpVerbIsTheVerbsHelp() {
    Cli help = launcher("help", "mboxutil");
    assertEquals(0, help.exit(), help.err());
    assertEquals(launcher("mboxutil", "--help").out(), help.out());
    assertTrue(help.out().startsWith("Usage: msgstore mboxutil"), help.out());
    Cli unknown = launcher("help", "frob");
    assertEquals(64, unknown.exit());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
  }

  /**
   * One style for every verb's help: a description that says what it does in a sentence, option
   * texts as sentences, and for a utility of the reference the table it follows.
   */
  @Test
  void everyHelpTextIsInOneStyle() {
    Map<String, String> tables =
        Map.of(
            "configutil", "71-1",
            "deliver", "71-3",
            "hashdir", "71-5",
            "imcheck", "71-6",
            "iminitquota", "71-10",
            "mboxutil", "71-26",
            "readership", "71-31",
            "reconstruct", "71-33");
    List<String> wrong = new java.util.ArrayList<>();
    Main.commandLine(quiet())
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              var spec = sub.getCommandSpec();
              if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                return; // picocli's own, in picocli's words
              }
              String[] d = spec.usageMessage().description();
              if (d.length == 0 || !sentence(d[0])) {
                wrong.add(name + ": description " + List.of(d));
              }
              for (var o : spec.options()) {
                if (o.hidden()) {
                  continue; // not in the help
                }
                String text = String.join(" ", o.description());
                if (!sentence(text)) {
                  wrong.add(name + " " + o.longestName() + ": " + text);
                }
              }
              for (var p : spec.positionalParameters()) {
                if (p.hidden()) {
                  continue;
                }
                String text = String.join(" ", p.description());
                if (!sentence(text)) {
                  wrong.add(name + " " + p.paramLabel() + ": " + text);
                }
              }
              String table = tables.get(name);
              String footer = String.join(" ", spec.usageMessage().footer());
              if (table != null && !footer.contains("Reference: Table " + table)) {
                wrong.add(name + ": no 'Reference: Table " + table + "' footer");
              }
            });
    assertEquals(List.of(), wrong);
  }

  /** Sentence case and a full stop: it does not begin with a lower-case letter, and ends in '.'. */
  static boolean sentence(String text) {
    String t = text.strip();
    return !t.isEmpty() && !Character.isLowerCase(t.charAt(0)) && t.endsWith(".");
  }

  @Test
  void anUnknownVerbNamesTheClosestOnes() {
    Cli typo = launcher("mboxutl", "-l");
    assertEquals(64, typo.exit());
    assertEquals("msgstore: unknown verb 'mboxutl'; did you mean mboxutil?\n", typo.err());
    assertEquals(
        "msgstore: unknown verb 'recon'; did you mean reconstruct?\n", launcher("recon").err());
    assertEquals(
        "msgstore: unknown verb 'imchek'; did you mean imcheck?\n", launcher("imchek").err());
    Cli none = launcher("frobnicate");
    assertEquals(64, none.exit());
    assertEquals(
        "msgstore: unknown verb 'frobnicate'; 'msgstore help' lists the verbs\n", none.err());
  }

  @Test
  void dryRunIsOfferedOnlyByVerbsThatCouldWrite() {
    for (String writer :
        List.of("demo", "configutil", "deliver", "mboxutil", "readership", "reconstruct")) {
      assertNotNull(verb(writer).getCommandSpec().findOption("--dry-run"), writer);
    }
    for (String reader : List.of("journal", "bench", "imcheck", "hashdir", "generate-completion")) {
      assertNull(verb(reader).getCommandSpec().findOption("--dry-run"), reader);
    }
    Cli before = launcher("--dry-run", "hashdir", "joe");
    assertEquals(64, before.exit());
    assertEquals(
        "hashdir: --dry-run is not offered: hashdir writes nothing;"
            + " try 'msgstore hashdir --help'\n",
        before.err());
    assertEquals("", before.out());
    Cli after = launcher("journal", "--store", root.toString(), "--dry-run");
    assertEquals(64, after.exit());
    assertEquals(
        "journal: Unknown option: '--dry-run'; try 'msgstore journal --help'\n", after.err());
  }

  @Test
  void aWritingVerbTakesDryRunBeforeOrAfterItsName() throws IOException {
    annWithAMessage();
    for (List<String> line :
        List.of(
            List.of("--dry-run", "mboxutil", "--store", root.toString(), "-c", "user/bob/INBOX"),
            List.of("mboxutil", "--store", root.toString(), "--dry-run", "-c", "user/bob/INBOX"))) {
      Cli r = launcher(line.toArray(String[]::new));
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.err().startsWith("dry run, would commit: "), r.err());
    }
    assertEquals(
        Set.of("user/ann/INBOX"),
        Set.copyOf(
            launcher("mboxutil", "--store", root.toString(), "-l", "-s").out().lines().toList()));
  }

  // ---- the exit codes ----

  @Test
  void theExitCodeTableHasEveryCode() throws IllegalAccessException {
    List<Integer> table = ExitCodes.table().stream().map(ExitCodes.Meaning::code).toList();
    List<Integer> constants = new java.util.ArrayList<>();
    for (var f : ExitCodes.class.getFields()) {
      if (f.getType() == int.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        constants.add(f.getInt(null));
      }
    }
    assertEquals(constants.stream().sorted().toList(), table);
  }

  // ---- picocli's errors ----

  @Test
  void picocliErrorsAreOneLineAndPointAtHelp() {
    assertEquals(
        "journal: Unknown option: '--frob'; try 'msgstore journal --help'\n",
        launcher("journal", "--frob").err());
    Cli number = launcher("readership", "--store", root.toString(), "-d", "abc");
    assertEquals(64, number.exit());
    assertEquals(
        "readership: Invalid value for option '-d': 'abc' is not an int;"
            + " try 'msgstore readership --help'\n",
        number.err());
    Cli missing = launcher("mboxutil", "-p");
    assertEquals(64, missing.exit());
    assertEquals(1, missing.err().lines().count(), missing.err());
    assertTrue(missing.err().startsWith("mboxutil: Missing required parameter"), missing.err());
    assertTrue(missing.err().endsWith("; try 'msgstore mboxutil --help'\n"), missing.err());
    Cli none = launcher();
    assertEquals("msgstore: a verb is required; try 'msgstore --help'\n", none.err());
  }
}
