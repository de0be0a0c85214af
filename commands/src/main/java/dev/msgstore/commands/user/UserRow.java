package dev.msgstore.commands.user;

import dev.msgstore.store.directory.DirectoryUser;
import java.time.Instant;
import java.util.List;

/**
 * A directory user as {@code user show} and {@code user list} give it to a script or as JSON:
 * whether they have a password, never its hash.
 *
 * @param statusChanged when the status last changed (ISO-8601), empty when the directory does not
 *     say
 * @param quotaBytes -1 for no limit
 * @param quotaMessages -1 for no limit
 * @param password {@code set} or {@code none}
 */
public record UserRow(
    String name,
    String uid,
    String domain,
    String mail,
    List<String> aliases,
    String status,
    String statusChanged,
    long quotaBytes,
    long quotaMessages,
    String mailHost,
    String partition,
    String password) {

  public static UserRow of(DirectoryUser u) {
    return new UserRow(
        u.name(),
        u.uid(),
        u.domain(),
        u.mail(),
        u.aliases(),
        u.status().word(),
        u.statusChangedMicros() == 0 ? "" : time(u.statusChangedMicros()),
        u.quota().bytes(),
        u.quota().messages(),
        u.mailHost(),
        u.partition(),
        u.hasPassword() ? "set" : "none");
  }

  static String time(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
  }

  /** {@code name status mail}: one line of {@code user list}. */
  public String line() {
    return name + " " + status + " " + (mail.isEmpty() ? "-" : mail);
  }

  /** The block {@code user show} prints: one {@code field: value} a line. */
  public String block() {
    return String.join(
        "\n",
        "user: " + name,
        "mail: " + mail,
        "aliases: " + String.join(" ", aliases),
        "status: " + status + (statusChanged.isEmpty() ? "" : " since " + statusChanged),
        "quota: "
            + Sizes.format(quotaBytes)
            + " bytes, "
            + Sizes.formatCount(quotaMessages)
            + " messages",
        "mailhost: " + mailHost,
        "partition: " + partition,
        "password: " + password);
  }
}
