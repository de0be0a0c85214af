package dev.msgstore.commands.readership;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetAcls;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code readership -s}: sets (or, with empty rights, removes) one ACL entry on a mailbox, or on
 * every mailbox matching {@code -m pattern} as one commit. The rights letters are checked (by
 * {@link SetAcl}) before the store is opened, so a bad letter writes nothing.
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

  void onMailbox(Store store, Author author, String mailbox) {
    store.execute(author, new SetAcl(names.toInternal(mailbox), identifier, rights));
  }

  void onPattern(Store store, Author author, String pattern) {
    MailboxPattern p = new MailboxPattern(names.text() ? pattern : names.toInternal(pattern));
    List<SetAcl> entries = new ArrayList<>();
    try (ProjectionReader r = store.read()) {
      r.forEachMailbox(
          names.scanPrefix(p),
          m -> {
            if (names.matches(p, m.name())) {
              entries.add(new SetAcl(m.name(), identifier, rights));
            }
            return true;
          });
    }
    if (entries.isEmpty()) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no mailbox matches " + pattern);
    }
    store.execute(author, new SetAcls(entries));
  }
}
