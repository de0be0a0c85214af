package dev.msgstore.store.expire;

import java.util.Map;

/**
 * One expire rule. A message of a mailbox its folder pattern matches is expired when it passes the
 * rule's filters (every {@code messageheader.*}, every flag set to {@code and}) and meets one of
 * its triggers ({@code messagedays}, {@code savedays}, {@code messagesize} after {@code
 * messagesizedays}, being beyond {@code messagecount} or {@code foldersizebytes} counting from the
 * newest, a flag set to {@code or}, the Sieve script); a rule of filters alone expires what passes
 * them. A value of -1 means the criterion is not set.
 *
 * @param exclusive the matching mailboxes get this rule alone; without criteria it exempts them
 * @param sieve the Sieve script, or null; its discard/fileinto decide the action of what it selects
 */
public record ExpireRule(
    String name,
    RuleScope scope,
    RuleSource source,
    FolderPattern folders,
    boolean exclusive,
    ExpireAction action,
    long messageCount,
    long folderSizeBytes,
    long messageDays,
    long saveDays,
    long messageSize,
    long messageSizeDays,
    FlagCondition seen,
    FlagCondition deleted,
    Map<String, Glob> headers,
    SieveRule sieve) {

  public ExpireRule {
    headers = Map.copyOf(headers);
  }

  /** Whether this rule sets any criterion at all (an exclusive rule may not: it exempts). */
  public boolean hasCriteria() {
    return hasTriggers()
        || seen == FlagCondition.AND
        || deleted == FlagCondition.AND
        || !headers.isEmpty();
  }

  boolean hasTriggers() {
    return messageCount >= 0
        || folderSizeBytes >= 0
        || messageDays >= 0
        || saveDays >= 0
        || messageSize >= 0
        || seen == FlagCondition.OR
        || deleted == FlagCondition.OR
        || sieve != null;
  }

  /** Whether judging a message needs its header or body (header criteria, Sieve). */
  public boolean readsMessages() {
    return !headers.isEmpty() || sieve != null;
  }

  /** The name the journal and reports show: the rule's name and where it was set. */
  public String label() {
    return name + " (" + source + ")";
  }
}
