package dev.msgstore.store.command;

import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sets one mailbox back to what it was at an instant, as one commit of a point-in-time restore
 * ({@code msgstore restore --at}): its messages and their flags through {@link RestoreMailbox} (a
 * merge that keeps the messages still there, sets their flags, expunges those that came later and
 * appends the others under new UIDs, or a new mailbox when it is gone), its ACL exactly as it was,
 * and the given subscriptions ({@link Subscribe}). With no {@code contents} the mailbox did not
 * exist then, and is deleted ({@link DeleteMailbox}).
 */
public record RestorePointInTime(
    String mailbox, RestoreMailbox contents, Map<String, String> acl, List<Subscribe> subscriptions)
    implements Command {

  public RestorePointInTime {
    acl = Map.copyOf(acl);
    subscriptions = List.copyOf(subscriptions);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>();
    if (contents == null) {
      if (ctx.state().mailbox(MailboxNames.canonical(mailbox)).isPresent()) {
        events.addAll(new DeleteMailbox(mailbox).decide(ctx));
      }
    } else {
      String canonical = MailboxNames.canonical(mailbox);
      Optional<MailboxRecord> there = ctx.state().mailbox(canonical);
      events.addAll(contents.decide(ctx));
      long id = there.map(MailboxRecord::id).orElseGet(() -> createdId(events, canonical));
      Map<String, String> now = new HashMap<>();
      if (there.isPresent()) {
        for (AclEntry e : ctx.state().acl(id)) {
          now.put(e.identifier(), e.rights());
        }
      }
      for (var e : new TreeMap<>(acl).entrySet()) {
        if (!e.getValue().equals(now.get(e.getKey()))) {
          events.add(new AclEvent.EntrySet(id, e.getKey(), e.getValue()));
        }
      }
      for (String identifier : new TreeMap<>(now).keySet()) {
        if (!acl.containsKey(identifier)) {
          events.add(new AclEvent.EntryRemoved(id, identifier));
        }
      }
    }
    for (Subscribe s : subscriptions) {
      events.addAll(s.decide(ctx));
    }
    return events;
  }

  private static long createdId(List<Event> events, String name) {
    for (Event e : events) {
      if (e instanceof MailboxEvent.Created c && c.name().equals(name)) {
        return c.mailboxId();
      }
    }
    throw new IllegalStateException("restoring " + name + " created no mailbox");
  }
}
