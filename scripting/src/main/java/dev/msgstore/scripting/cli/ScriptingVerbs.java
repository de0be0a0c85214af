package dev.msgstore.scripting.cli;

import dev.msgstore.commands.cli.VerbSource;
import java.util.List;
import picocli.CommandLine;

/** Brings {@code run}, {@code shell} and {@code jshell} to the launcher. */
public final class ScriptingVerbs implements VerbSource {
  private static final List<Class<?>> VERBS =
      List.of(RunCommand.class, ShellCommand.class, JShellCommand.class);

  @Override
  public void addTo(CommandLine launcher) {
    for (Class<?> verb : VERBS) {
      launcher.addSubcommand(verb);
    }
    configure(launcher);
  }

  @Override
  public boolean addVerb(CommandLine launcher, String verb) {
    if (!VerbSource.addNamed(launcher, VERBS, verb)) {
      return false;
    }
    configure(launcher);
    return true;
  }

  private static void configure(CommandLine launcher) {
    // A script's own arguments follow its name, options of theirs included.
    CommandLine run = launcher.getSubcommands().get("run");
    if (run != null) {
      run.setStopAtPositional(true);
    }
  }
}
