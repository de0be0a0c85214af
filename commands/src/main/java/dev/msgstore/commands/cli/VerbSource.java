package dev.msgstore.commands.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * A module above this one that brings verbs of its own to the launcher (scripting: {@code run},
 * {@code shell}, {@code jshell}), found with {@link java.util.ServiceLoader}: this module cannot
 * name them, since they depend on it.
 */
public interface VerbSource {
  /** Adds this module's verbs to the launcher's command line. */
  void addTo(CommandLine launcher);

  /**
   * Adds this module's verb named {@code verb} alone, for a run of that verb, and returns true;
   * returns false, having added nothing, when this module has no verb of that name. Building a
   * verb's model (picocli reads its annotations by reflection) is most of what a short command
   * costs, so a run builds only the verb it runs.
   */
  default boolean addVerb(CommandLine launcher, String verb) {
    return false;
  }

  /**
   * Adds the one of {@code verbs} (command classes) named {@code verb} to {@code launcher}, made by
   * the launcher's factory, and returns true; false when none is.
   */
  static boolean addNamed(CommandLine launcher, List<Class<?>> verbs, String verb) {
    for (Class<?> c : verbs) {
      if (c.getAnnotation(CommandLine.Command.class).name().equals(verb)) {
        launcher.addSubcommand(c);
        return true;
      }
    }
    return false;
  }
}
