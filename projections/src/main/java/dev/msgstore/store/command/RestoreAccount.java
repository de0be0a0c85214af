package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Restores what a backup holds of an account besides its mailboxes, as one commit: its status, its
 * quota limits (unless {@code keepQuota}: a restore into an account that has its own) and its
 * subscriptions (added; with {@code exact}, an incremental's, the others are removed too). An
 * account the store does not know is recorded, on {@code partition} (null: the default).
 */
public record RestoreAccount(
    String userId,
    String partition,
    String status,
    long quotaBytes,
    long quotaMessages,
    List<String> subscriptions,
    boolean keepQuota,
    boolean exact)
    implements Command {
  public RestoreAccount {
    subscriptions = List.copyOf(subscriptions);
    if (!SetUserStatus.STATUSES.contains(status)) {
      throw Rejected.invalid("not a user status: " + status);
    }
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>();
    var user = ctx.state().user(userId);
    String now = "active";
    if (user.isEmpty()) {
      String where =
          partition != null && ctx.partitions().exists(partition)
              ? partition
              : dev.msgstore.store.Partitions.DEFAULT;
      events.add(new DirectoryEvent.UserCreated(userId, where));
    } else {
      now = user.get().status();
    }
    if (!now.equals(status)) {
      events.add(new DirectoryEvent.UserStatusChanged(userId, now, status));
    }
    QuotaRecord q = ctx.state().quota(userId);
    if (!keepQuota && (q.limitBytes() != quotaBytes || q.limitMessages() != quotaMessages)) {
      events.add(new QuotaEvent.LimitSet(userId, quotaBytes, quotaMessages));
    }
    Set<String> has = new HashSet<>();
    for (Subscription s : ctx.state().subscriptions(userId)) {
      has.add(s.mailbox());
    }
    Set<String> wanted = new HashSet<>(subscriptions);
    for (String s : subscriptions) {
      if (!has.contains(s)) {
        events.add(new SubscriptionEvent.Subscribed(userId, s));
      }
    }
    if (exact) {
      for (String s : has.stream().sorted().toList()) {
        if (!wanted.contains(s)) {
          events.add(new SubscriptionEvent.Unsubscribed(userId, s));
        }
      }
    }
    return events;
  }
}
