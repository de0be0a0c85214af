package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.CliContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command line builds only the part of picocli's model it uses: building a verb's model is most
 * of what a short run of the launcher costs.
 */
class LauncherModelTest {
  private final StringWriter out = new StringWriter();
  private final CliContext ctx =
      new CliContext(
          new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(), "t", List.of());

  private Set<String> verbsBuiltFor(String... args) {
    return Main.forArguments(ctx, args).getSubcommands().keySet();
  }

  @Test
  void theVersionNeedsNoVerb() {
    assertEquals(Set.of(), verbsBuiltFor("--version"));
    assertEquals(Set.of(), verbsBuiltFor("-V"));
    assertEquals(0, Main.run(ctx, "--version"));
    assertEquals("msgstore 0.1.0", out.toString().strip());
  }

  @Test
  void aVerbIsTheFirstWordThatIsNoOption() {
    assertEquals(Set.of("mboxutil"), verbsBuiltFor("mboxutil", "-l"));
    // the launcher's own options take no value, so a verb may follow them
    assertEquals(Set.of("mboxutil"), verbsBuiltFor("--dry-run", "mboxutil", "-d", "user/joe"));
    assertEquals(Set.of("hashdir"), verbsBuiltFor("--version", "hashdir", "joe"));
  }

  @Test
  void theLaunchersHelpAndAnUnknownWordGetEveryVerb() {
    Set<String> all = Main.commandLine(ctx).getSubcommands().keySet();
    assertTrue(all.containsAll(Set.of("mboxutil", "deliver", "help")), all::toString);
    assertEquals(all, verbsBuiltFor("--help"));
    assertEquals(all, verbsBuiltFor("mboxutl", "-l")); // names the closest verbs
    assertEquals(all, verbsBuiltFor());
    assertEquals(all, verbsBuiltFor("--version", "--help"));
  }

  @Test
  void aRunOfTheLauncherAloneStillAnswersAsBefore() {
    CommandLine alone = Main.forArguments(ctx, "--version");
    assertEquals("msgstore", alone.getCommandName());
    assertTrue(alone.getCommandSpec().version()[0].startsWith("msgstore "));
  }
}
