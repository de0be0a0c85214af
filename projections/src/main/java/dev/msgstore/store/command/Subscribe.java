package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.model.MailboxNames;
import java.util.List;

/**
 * Subscribes (or with {@code subscribe} false, unsubscribes) a user to a mailbox name, which need
 * not exist (RFC 3501 section 6.3.6). Doing what is already so writes nothing.
 */
public record Subscribe(String user, String mailbox, boolean subscribe) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    String name = subscribe ? DecisionContext.validName(mailbox) : MailboxNames.canonical(mailbox);
    boolean now = ctx.state().isSubscribed(user, name);
    if (now == subscribe) {
      return List.of();
    }
    return List.of(
        subscribe
            ? new SubscriptionEvent.Subscribed(user, name)
            : new SubscriptionEvent.Unsubscribed(user, name));
  }
}
