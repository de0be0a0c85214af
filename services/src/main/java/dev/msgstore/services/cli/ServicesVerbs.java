package dev.msgstore.services.cli;

import dev.msgstore.commands.cli.VerbSource;
import java.util.List;
import picocli.CommandLine;

/**
 * Brings {@code start-msg}, {@code stop-msg}, {@code stored}, {@code msprobe}, {@code refresh} and
 * {@code counterutil} (and serve, imsconnutil, imscripter, immonitor-access) to the launcher.
 */
public final class ServicesVerbs implements VerbSource {
  /** The verbs, in the order the launcher's help lists them. */
  private static final List<Class<?>> VERBS =
      List.of(
          StartMsgCommand.class,
          StopMsgCommand.class,
          StoredCommand.class,
          MsprobeCommand.class,
          RefreshCommand.class,
          CounterutilCommand.class,
          ServeCommand.class,
          ImsconnutilCommand.class,
          ImscripterCommand.class,
          ImmonitorAccessCommand.class);

  @Override
  public void addTo(CommandLine launcher) {
    for (Class<?> verb : VERBS) {
      launcher.addSubcommand(verb);
    }
  }

  @Override
  public boolean addVerb(CommandLine launcher, String verb) {
    return VerbSource.addNamed(launcher, VERBS, verb);
  }
}
