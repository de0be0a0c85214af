package dev.msgstore.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A run of a verb builds that verb alone, whichever module brings it (the services' and scripting's
 * verbs too), and the verb built alone is the verb of the whole launcher.
 */
class LauncherVerbAloneTest {
  private static CliContext quiet() {
    return CliContext.system(List.of());
  }

  @Test
  void everyVerbIsBuiltAloneAsInTheWholeLauncher() {
    Map<String, CommandLine> all = Main.commandLine(quiet()).getSubcommands();
    assertTrue(
        all.keySet().containsAll(Set.of("run", "shell", "stop-msg", "counterutil", "journal")),
        all.keySet()::toString);
    for (String verb : all.keySet()) {
      CommandLine alone = Main.commandLine(quiet(), verb);
      if (verb.equals("help") || verb.equals("generate-completion")) {
        // both describe the whole launcher
        assertEquals(all.keySet(), alone.getSubcommands().keySet(), verb);
        continue;
      }
      assertEquals(Set.of(verb), alone.getSubcommands().keySet(), verb);
      assertEquals(describe(all.get(verb)), describe(alone.getSubcommands().get(verb)), verb);
    }
  }

  @Test
  void aWordThatIsNoVerbGetsTheWholeLauncher() {
    assertEquals(
        Main.commandLine(quiet()).getSubcommands().keySet(),
        Main.commandLine(quiet(), "stop-mgs").getSubcommands().keySet());
  }

  /** What a verb's model says: its options, parameters, and how it parses. */
  private static Map<String, Object> describe(CommandLine verb) {
    CommandSpec spec = verb.getCommandSpec();
    Map<String, Object> d = new TreeMap<>();
    d.put("name", spec.name());
    d.put("version", List.of(spec.version()));
    d.put("stopAtPositional", verb.isStopAtPositional());
    d.put("userObject", spec.userObject().getClass().getName());
    for (OptionSpec o : spec.options()) {
      d.put(
          "option " + o.longestName(),
          List.of(
              String.join(",", o.names()), o.arity().toString(), String.valueOf(o.defaultValue())));
    }
    d.put("parameters", spec.positionalParameters().size());
    d.put("subcommands", verb.getSubcommands().keySet());
    return d;
  }
}
