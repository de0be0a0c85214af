package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.RestoreExpunged;
import java.util.concurrent.TimeUnit;

/** {@code -R}: restores a mailbox's expunged messages that are not yet purged. */
final class RestoreMode {
  private final Store store;
  private final Author author;

  RestoreMode(Store store, Author author) {
    this.store = store;
    this.author = author;
  }

  /** Restores those expunged in the last {@code hoursBack} hours ({@code -t}), all when null. */
  RestoredMessages restore(GivenNames names, Integer hoursBack) {
    if (names.args().size() != 1) {
      throw VerbFailure.usage("-R takes one mailbox name");
    }
    String name = names.internal(names.args().get(0));
    try (ProjectionReader r = store.read()) {
      Mailboxes.requireKnownOwner(r, MailboxNames.ownerOf(name));
    }
    long since =
        hoursBack == null
            ? 0
            : TimeUnit.MILLISECONDS.toMicros(
                System.currentTimeMillis() - TimeUnit.HOURS.toMillis(hoursBack));
    Outcome o = store.execute(author, new RestoreExpunged(name, since));
    return new RestoredMessages(
        names.codec().toDisplay(name),
        o.eventsOf(MessageEvent.Restored.class).stream()
            .map(r -> new RestoredMessages.RestoredMessage(r.expungedUid(), r.newUid()))
            .toList());
  }
}
