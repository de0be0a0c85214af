package dev.msgstore.store.expire;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A parsed rule set, whole: every rule of configutil and of the rule files a run reads (or of one
 * {@code -f} file). Which rules a mailbox gets ({@link #forMailbox}): those whose scope covers it
 * and whose folder pattern matches its name; if one of them is exclusive, the exclusive one of the
 * most specific scope alone (none at all when it has no criteria: the reference's way to exempt a
 * user or a folder); otherwise all of them, most specific scope first.
 */
public record ExpireRules(List<ExpireRule> rules) {
  public ExpireRules {
    rules = List.copyOf(rules);
  }

  public List<ExpireRule> forMailbox(String mailbox, String owner, String partition) {
    List<ExpireRule> matching = new ArrayList<>();
    for (ExpireRule r : rules) {
      if (r.scope().covers(mailbox, owner, partition) && r.folders().matches(mailbox)) {
        matching.add(r);
      }
    }
    matching.sort(Comparator.comparingInt(r -> r.scope().rank()));
    for (ExpireRule r : matching) {
      if (r.exclusive()) {
        return r.hasCriteria() ? List.of(r) : List.of();
      }
    }
    return matching;
  }

  public int size() {
    return rules.size();
  }

  /** Whether any rule reads message content (header fields, Sieve). */
  public boolean readsMessages() {
    return rules.stream().anyMatch(ExpireRule::readsMessages);
  }
}
