package dev.msgstore.scripting.cli;

import dev.msgstore.commands.cli.VerbSource;
import picocli.CommandLine;

/** Brings {@code run}, {@code shell} and {@code jshell} to the launcher. */
public final class ScriptingVerbs implements VerbSource {
  @Override
  public void addTo(CommandLine launcher) {
    launcher.addSubcommand(new RunCommand());
    launcher.addSubcommand(new ShellCommand());
    launcher.addSubcommand(new JShellCommand());
    // A script's own arguments follow its name, options of theirs included.
    launcher.getSubcommands().get("run").setStopAtPositional(true);
  }
}
