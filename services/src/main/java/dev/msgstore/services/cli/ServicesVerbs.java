package dev.msgstore.services.cli;

import dev.msgstore.commands.cli.VerbSource;
import picocli.CommandLine;

/**
 * Brings {@code start-msg}, {@code stop-msg}, {@code stored}, {@code msprobe}, {@code refresh} and
 * {@code counterutil} (and serve, imsconnutil, imscripter, immonitor-access) to the launcher.
 */
public final class ServicesVerbs implements VerbSource {
  @Override
  public void addTo(CommandLine launcher) {
    launcher.addSubcommand(new StartMsgCommand());
    launcher.addSubcommand(new StopMsgCommand());
    launcher.addSubcommand(new StoredCommand());
    launcher.addSubcommand(new MsprobeCommand());
    launcher.addSubcommand(new RefreshCommand());
    launcher.addSubcommand(new CounterutilCommand());
    launcher.addSubcommand(new ServeCommand());
    launcher.addSubcommand(new ImsconnutilCommand());
    launcher.addSubcommand(new ImscripterCommand());
    launcher.addSubcommand(new ImmonitorAccessCommand());
  }
}
