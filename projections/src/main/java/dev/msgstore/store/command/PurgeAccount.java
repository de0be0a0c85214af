package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.directory.UserStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code msuserpurge}: a deleted account's mailboxes go, all of them in one commit, and (in the
 * embedded directory) its entry's status becomes {@code removed} in the same commit, so the journal
 * says in one place what was purged and why. The bodies stay until a purge reclaims them. An
 * account with no mailbox and no entry to mark writes nothing.
 */
public record PurgeAccount(String user, boolean markRemoved) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>();
    List<String> doomed = new ArrayList<>();
    ctx.state().mailbox(MailboxNames.inboxOf(user)).map(MailboxRecord::name).ifPresent(doomed::add);
    ctx.state()
        .forEachMailbox(
            MailboxNames.USER_PREFIX + user + "/",
            m -> {
              doomed.add(m.name());
              return true;
            });
    if (!doomed.isEmpty()) {
      events.addAll(new DeleteMailboxes(doomed).decide(ctx));
    }
    if (markRemoved && ctx.state().directoryUser(user).isPresent()) {
      long now = TimeUnit.MILLISECONDS.toMicros(ctx.nowMillis());
      events.addAll(
          new ModifyUserEntry(user, u -> u.withStatus(UserStatus.REMOVED, now)).decide(ctx));
    }
    return events;
  }
}
