package dev.msgstore.journal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whom a commit's actor names: the person, and when they ran the command through sudo, the user it
 * ran as ({@code ranAs}, null otherwise). A commit keeps both in its one actor string, {@code alice
 * (sudo as root)}, so that the commit layout stays as it is: journals already written, and readers
 * older than this, read it as they always did.
 */
public record Actor(String person, String ranAs) {
  private static final Pattern VIA_SUDO = Pattern.compile("(\\S+) \\(sudo as (\\S+)\\)");
  // a name with a blank or a parenthesis would make the combined string ambiguous
  private static final Pattern PLAIN_NAME = Pattern.compile("[^\\s()]+");

  /**
   * The actor of a command-line run by {@code osUser} (the effective user) in {@code env}: under
   * sudo, {@code SUDO_USER} is the person who asked for it.
   */
  public static Actor of(String osUser, Map<String, String> env) {
    String sudoUser = env.get("SUDO_USER");
    if (sudoUser == null
        || sudoUser.equals(osUser)
        || !PLAIN_NAME.matcher(sudoUser).matches()
        || !PLAIN_NAME.matcher(osUser).matches()) {
      return new Actor(osUser, null);
    }
    return new Actor(sudoUser, osUser);
  }

  /** The actor a commit's actor string names. */
  public static Actor parse(String actor) {
    Matcher m = VIA_SUDO.matcher(actor);
    return m.matches() ? new Actor(m.group(1), m.group(2)) : new Actor(actor, null);
  }

  /** The string a commit keeps: {@code alice}, or {@code alice (sudo as root)}. */
  public String name() {
    return ranAs == null ? person : person + " (sudo as " + ranAs + ")";
  }

  /** Whether {@code who} is this actor's person, the user it ran as, or its whole name. */
  public boolean isNamed(String who) {
    return who.equals(person) || who.equals(ranAs) || who.equals(name());
  }
}
