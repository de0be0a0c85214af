package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.CliContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every verb of the launcher answers {@code --help} with its usage, whatever its own options. */
class VerbHelpTest {
  @Test
  void everyVerbAnswersHelp() {
    StringWriter sink = new StringWriter();
    Set<String> verbs =
        Main.commandLine(
                new CliContext(
                    new PrintWriter(sink), new PrintWriter(sink), Map.of(), "tester", List.of()))
            .getSubcommands()
            .keySet();
    assertFalse(verbs.isEmpty());
    assertTrue(verbs.contains("configutil"), verbs.toString());
    for (String verb : verbs) {
      Cli r = Cli.run(verb, "--help");
      assertEquals(0, r.exit(), () -> verb + " --help: " + r.err());
      assertEquals("", r.err(), verb);
      // deliver keeps the reference's own usage line ("Usage: deliver ..."); picocli's help verb
      // puts a header line before its usage
      assertTrue(
          r.out().matches("(?s)([^\n]+\n\n)?Usage: (msgstore )?" + verb + " .*"),
          () -> verb + ": " + r.out());
    }
  }

  @Test
  void everyVerbWithAVersionOptionNamesTheRelease() {
    StringWriter sink = new StringWriter();
    var verbs =
        Main.commandLine(
                new CliContext(
                    new PrintWriter(sink), new PrintWriter(sink), Map.of(), "tester", List.of()))
            .getSubcommands();
    int asked = 0;
    for (var verb : verbs.entrySet()) {
      // picocli's own generate-completion names picocli's release, which is right for it
      if (verb.getValue().getCommandSpec().findOption("--version") == null
          || verb.getKey().equals("generate-completion")) {
        continue;
      }
      asked++;
      Cli r = Cli.run(verb.getKey(), "--version");
      assertEquals(0, r.exit(), () -> verb.getKey() + " --version: " + r.err());
      assertEquals("msgstore 0.1.0", r.out().strip(), verb.getKey());
    }
    assertTrue(asked > 5, "verbs with --version: " + asked);
  }
}
