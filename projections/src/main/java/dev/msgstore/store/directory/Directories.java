package dev.msgstore.store.directory;

import dev.msgstore.store.Store;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.directory.ldap.LdapDirectory;

/**
 * The one place that reads {@code store.directory} and opens the directory it names. A new
 * implementation is one more case in {@link #open}.
 */
public final class Directories {
  /** The configutil option that chooses the directory. */
  public static final String OPTION = "store.directory";

  public static final String EMBEDDED = "embedded";

  public static final String LDAP = "ldap";

  private Directories() {}

  /** The value of {@code store.directory} in force: {@code embedded} unless set. */
  public static String kind(EffectiveConfig config) {
    return config.value(OPTION).map(String::strip).orElse(EMBEDDED);
  }

  /** Whether the store's own verbs administer the directory (the embedded one). */
  public static boolean embedded(EffectiveConfig config) {
    return kind(config).equals(EMBEDDED);
  }

  /** The directory {@code store.directory} names, reading {@code store}. Close it when done. */
  public static Directory open(Store store) {
    String kind = kind(store.config());
    return switch (kind) {
      case EMBEDDED -> new EmbeddedDirectory(store);
      case LDAP -> LdapDirectory.open(store.config());
      default ->
          throw new DirectoryUnavailable(
              OPTION + " is '" + kind + "', a directory this msgstore cannot open", null);
    };
  }
}
