package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Changes flags and keywords of messages (IMAP STORE): {@link Mode#REPLACE}, {@link Mode#ADD} or
 * {@link Mode#REMOVE}. Messages whose flags would not change produce no event.
 */
public record StoreFlags(
    String mailbox, List<Long> uids, Mode mode, Set<SystemFlag> flags, List<String> keywords)
    implements Command {
  public enum Mode {
    REPLACE,
    ADD,
    REMOVE
  }

  public StoreFlags {
    uids = List.copyOf(uids);
    flags = Set.copyOf(flags);
    keywords = List.copyOf(keywords);
    Keywords.requireValid(keywords);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord m = ctx.existing(mailbox);
    List<Event> events = new ArrayList<>();
    for (long uid : uids) {
      MessageRecord msg =
          ctx.state()
              .message(m.id(), uid)
              .orElseThrow(
                  () -> Rejected.notFound("no message with UID " + uid + " in " + m.name()));
      Set<SystemFlag> newFlags = java.util.EnumSet.noneOf(SystemFlag.class);
      Set<String> newKeywords = new LinkedHashSet<>();
      if (mode != Mode.REPLACE) {
        newFlags.addAll(msg.flags());
        newKeywords.addAll(msg.keywords());
      }
      if (mode == Mode.REMOVE) {
        newFlags.removeAll(flags);
        keywords.forEach(newKeywords::remove);
      } else {
        newFlags.addAll(flags);
        newKeywords.addAll(keywords);
      }
      if (!newFlags.equals(msg.flags()) || !List.copyOf(newKeywords).equals(msg.keywords())) {
        events.add(new MessageEvent.FlagsStored(m.id(), uid, newFlags, List.copyOf(newKeywords)));
      }
    }
    return events;
  }
}
