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
import java.util.Optional;
import java.util.Set;

/**
 * Changes flags and keywords of messages (IMAP STORE): {@link Mode#REPLACE}, {@link Mode#ADD} or
 * {@link Mode#REMOVE}. Messages whose flags would not change produce no event. With {@code
 * unchangedSince} (RFC 7162's UNCHANGEDSINCE; {@link #ANY} for none) the whole command is refused,
 * {@link #isModified}, when one of the messages changed after that modification sequence: the
 * caller checked that beforehand, and this makes the check and the change one step. A UID the
 * mailbox does not hold is refused (NOT_FOUND), unless {@code skipMissing}: then it is passed over,
 * as an IMAP session wants when another session expunged it first ({@link Expunge#present}).
 */
public record StoreFlags(
    String mailbox,
    List<Long> uids,
    Mode mode,
    Set<SystemFlag> flags,
    List<String> keywords,
    long unchangedSince,
    boolean skipMissing)
    implements Command {
  /** No UNCHANGEDSINCE condition. */
  public static final long ANY = Long.MAX_VALUE;

  private static final String MODIFIED = "changed after the given modification sequence: ";

  public enum Mode {
    REPLACE,
    ADD,
    REMOVE
  }

  public StoreFlags(
      String mailbox, List<Long> uids, Mode mode, Set<SystemFlag> flags, List<String> keywords) {
    this(mailbox, uids, mode, flags, keywords, ANY, false);
  }

  /** Whether {@code e} is this command's refusal of a message changed after unchangedSince. */
  public static boolean isModified(Rejected e) {
    return e.getMessage().startsWith(MODIFIED);
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
      Optional<MessageRecord> found = ctx.state().message(m.id(), uid);
      if (found.isEmpty()) {
        if (skipMissing) {
          continue;
        }
        throw Rejected.notFound("no message with UID " + uid + " in " + m.name());
      }
      MessageRecord msg = found.get();
      if (unchangedSince != ANY && ctx.state().modSeq(m.id(), uid) > unchangedSince) {
        throw Rejected.invalid(MODIFIED + "UID " + uid + " of " + m.name());
      }
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
