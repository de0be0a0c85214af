package dev.msgstore.commands.cli;

import dev.msgstore.store.Store;
import dev.msgstore.store.directory.Directories;
import java.util.List;

/** What the {@code user} and {@code domain} verbs share: their action word, and who may write. */
public final class DirectoryVerbs {
  private DirectoryVerbs() {}

  /**
   * The action: the mode switch of the typed script form if one was given, else the first word
   * (taken out of {@code words}).
   */
  public static String action(List<String> words, List<String> modes) {
    if (modes.size() > 1) {
      throw VerbFailure.usage("one action at a time, not " + String.join(" and ", modes));
    }
    if (modes.size() == 1) {
      return modes.get(0);
    }
    if (words.isEmpty()) {
      throw VerbFailure.usage("an action is required");
    }
    return words.remove(0);
  }

  /** The one name {@code action} takes. */
  public static String one(String action, List<String> args) {
    if (args.size() != 1) {
      throw VerbFailure.usage(action + " takes one name, not " + args.size());
    }
    return args.get(0);
  }

  /**
   * Fails, changing nothing, unless the store's own directory is the one in use: an LDAP directory
   * is administered with LDAP tools.
   */
  public static void requireEmbedded(Store s) {
    String kind = Directories.kind(s.config());
    if (!kind.equals(Directories.EMBEDDED)) {
      throw new VerbFailure(
          ExitCodes.UNAVAILABLE,
          "the directory is managed in LDAP ("
              + Directories.OPTION
              + "="
              + kind
              + "): change it there; nothing was changed");
    }
  }
}
