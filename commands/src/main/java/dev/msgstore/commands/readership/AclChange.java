package dev.msgstore.commands.readership;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetAcls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@code readership -s}: sets (or, with empty rights, removes) one ACL entry on a mailbox, or on
 * every mailbox matching {@code -m pattern} as one commit. The rights letters are checked (by
 * {@link SetAcl}) before the store is opened, so a bad letter writes nothing. Each returns the
 * entries it changed (one that already had those rights is left as it is, and not listed).
 */
final class AclChange {
  private final Names names;
  private final String identifier;
  private final String rights;

  AclChange(Names names, String identifier, String rights) {
    this.names = names;
    this.identifier = identifier;
    this.rights = rights;
    new SetAcl("-", identifier, rights); // validates the identifier and every letter
  }

  List<AclEntrySet> onMailbox(Store store, Author author, String mailbox) {
    String name = names.toInternal(mailbox);
    Outcome o = store.execute(author, new SetAcl(name, identifier, rights));
    return changed(o, id -> name);
  }

  List<AclEntrySet> onPattern(Store store, Author author, String pattern) {
    MailboxPattern p = new MailboxPattern(names.text() ? pattern : names.toInternal(pattern));
    List<SetAcl> entries = new ArrayList<>();
    Map<Long, String> matched = new HashMap<>();
    try (ProjectionReader r = store.read()) {
      r.forEachMailbox(
          names.scanPrefix(p),
          m -> {
            if (names.matches(p, m.name())) {
              entries.add(new SetAcl(m.name(), identifier, rights));
              matched.put(m.id(), m.name());
            }
            return true;
          });
    }
    if (entries.isEmpty()) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no mailbox matches " + pattern);
    }
    return changed(store.execute(author, new SetAcls(entries)), matched::get);
  }

  /** The entries the outcome's events set or removed, on the mailboxes {@code nameOf} names. */
  private List<AclEntrySet> changed(Outcome o, LongFunction<String> nameOf) {
    List<AclEntrySet> out = new ArrayList<>();
    for (AclEvent e : o.eventsOf(AclEvent.class)) {
      out.add(
          switch (e) {
            case AclEvent.EntrySet set ->
                new AclEntrySet(
                    names.toDisplay(nameOf.apply(set.mailboxId())), set.identifier(), set.rights());
            case AclEvent.EntryRemoved removed ->
                new AclEntrySet(
                    names.toDisplay(nameOf.apply(removed.mailboxId())), removed.identifier(), "");
          });
    }
    return out;
  }
}
