package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Purge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code -C}: cleanup removes for good (purges) the expunged messages of every selected mailbox
 * that holds at least {@code -g} of them (default {@code store.cleanupsize}, else 1), once they are
 * older than {@code store.cleanupage} hours (default 0).
 */
final class CleanupMode {
  private final Store store;
  private final NameCodec codec;
  private final Author author;

  CleanupMode(Store store, NameCodec codec, Author author) {
    this.store = store;
    this.codec = codec;
    this.author = author;
  }

  /**
   * {@code minimumSize} is {@code -g}, null when not given. Prints {@code <mailbox>: N cleaned up}
   * as each mailbox is done, so that what was done before a failure is reported, and returns what
   * was purged from each.
   */
  List<MailboxUids> cleanup(Selection selection, Integer minimumSize, Consumer<String> out) {
    long minimum;
    long ageHours;
    try (ProjectionReader r = store.read()) {
      minimum = minimumSize != null ? minimumSize : configNumber(r, "store.cleanupsize", 1);
      ageHours = configNumber(r, "store.cleanupage", 0);
    }
    long now = System.currentTimeMillis();
    long before = TimeUnit.MILLISECONDS.toMicros(now - TimeUnit.HOURS.toMillis(ageHours)) + 1;
    List<MailboxUids> done = new ArrayList<>();
    for (MailboxRecord m : Mailboxes.selected(store, selection)) {
      List<ExpungedMessage> expunged;
      try (ProjectionReader r = store.read()) {
        expunged = r.expunged(m.id());
      }
      if (expunged.size() < minimum) {
        continue;
      }
      Outcome o;
      try {
        o = store.execute(author, new Purge(m.name(), before));
      } catch (Rejected gone) {
        if (gone.kind() == Rejected.Kind.NOT_FOUND) {
          continue; // deleted meanwhile
        }
        throw gone;
      }
      List<Long> uids =
          o.eventsOf(MessageEvent.Purged.class).stream().flatMap(e -> e.uids().stream()).toList();
      if (!uids.isEmpty()) {
        MailboxUids purged = new MailboxUids(codec.toDisplay(m.name()), uids);
        out.accept(purged.line("cleaned up"));
        done.add(purged);
      }
    }
    return done;
  }

  private static long configNumber(ProjectionReader r, String option, long dflt) {
    String v = r.configOverride(option).orElse(null);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new VerbFailure(ExitCodes.DATA, option + " is not a number: " + v);
    }
  }
}
