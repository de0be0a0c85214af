package dev.msgstore.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every verb of the launcher as shipped, scripting's own included, answers {@code --help}. */
class LauncherHelpTest {
  @Test
  void everyVerbAnswersHelp() {
    Set<String> verbs = Main.commandLine(CliContext.system(List.of())).getSubcommands().keySet();
    assertTrue(verbs.containsAll(Set.of("run", "shell", "jshell", "configutil")), verbs::toString);
    for (String verb : verbs) {
      Launcher r = Launcher.run(verb, "--help");
      assertEquals(new Launcher(0, r.out(), ""), r, verb);
      // deliver keeps the reference's own usage line ("Usage: deliver ..."); picocli's help verb
      // puts a header line before its usage
      assertTrue(
          r.out().matches("(?s)([^\\n]+\\n\\n)?Usage: (msgstore )?" + verb + " .*"),
          () -> verb + ": " + r.out());
    }
  }
}
