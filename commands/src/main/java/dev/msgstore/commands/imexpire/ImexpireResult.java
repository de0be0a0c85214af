package dev.msgstore.commands.imexpire;

import dev.msgstore.store.expire.ExpireReport;
import java.util.List;

/**
 * What {@code imexpire} did: the rules it read, and for a run the counts and each mailbox's expired
 * messages (in a trial run, what it would have expired); for {@code -i} the file it installed.
 *
 * @param mode {@code expire}, {@code check} ({@code -c}) or {@code install} ({@code -i})
 * @param installed the rule file written by {@code -i}, else null
 */
public record ImexpireResult(
    String mode,
    List<RuleRow> rules,
    boolean trial,
    long users,
    long mailboxes,
    long examined,
    long discarded,
    long filed,
    long reported,
    long leftByArchive,
    long commits,
    List<ExpireReport.MailboxExpiry> expired,
    List<String> failures,
    String installed) {
  public ImexpireResult {
    rules = List.copyOf(rules);
    expired = List.copyOf(expired);
    failures = List.copyOf(failures);
  }

  /**
   * A rule as read: its name, scope ({@code store}, {@code user joe}, ...) and where it was set.
   */
  public record RuleRow(String name, String scope, String source, String folders, String action) {}

  static ImexpireResult of(List<RuleRow> rules, ExpireReport r) {
    return new ImexpireResult(
        "expire",
        rules,
        r.trial(),
        r.users(),
        r.mailboxes(),
        r.examined(),
        r.discarded(),
        r.filed(),
        r.reported(),
        r.leftByArchive(),
        r.commits(),
        r.mailboxesChanged(),
        r.failures(),
        null);
  }

  static ImexpireResult rulesOnly(String mode, List<RuleRow> rules, String installed) {
    return new ImexpireResult(
        mode, rules, false, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), installed);
  }
}
