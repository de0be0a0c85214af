package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Gives a mailbox its special uses (RFC 6154), replacing any it had; with {@code create}, creates
 * it first in the same commit (IMAP's CREATE ... (USE (...)), which must not leave a mailbox
 * without the uses asked for).
 */
public record SetSpecialUse(String mailbox, List<String> uses, boolean create) implements Command {
  /** RFC 6154 section 2, in the spelling it gives them. */
  public static final List<String> USES =
      List.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash");

  public SetSpecialUse {
    List<String> canonical = new ArrayList<>();
    for (String u : uses) {
      String c =
          canonical(u).orElseThrow(() -> Rejected.invalid("not a special use (RFC 6154): " + u));
      if (!canonical.contains(c)) {
        canonical.add(c);
      }
    }
    uses = List.copyOf(canonical);
  }

  /** The RFC's spelling of {@code use}, matched without regard to case; empty if it is none. */
  public static Optional<String> canonical(String use) {
    for (String u : USES) {
      if (u.toLowerCase(Locale.ROOT).equals(use.toLowerCase(Locale.ROOT))) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>();
    long id = -1;
    String name = mailbox;
    if (create) {
      for (Event e : new CreateMailbox(mailbox, null).decide(ctx)) {
        events.add(e);
        if (e instanceof MailboxEvent.Created c) {
          id = c.mailboxId(); // the last one: parents and an owner's INBOX come first
          name = c.name();
        }
      }
      if (id < 0) {
        throw Rejected.invalid("creating " + mailbox + " made no such mailbox");
      }
    } else {
      MailboxRecord m = ctx.existing(mailbox);
      id = m.id();
      name = m.name();
    }
    events.add(new MailboxEvent.SpecialUseSet(id, name, uses));
    return events;
  }
}
