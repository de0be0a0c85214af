package dev.msgstore.store.vault;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.command.UndeleteMessages.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Finds a user's deleted messages that a {@link VaultQuery} asks for, from the projections alone
 * (no body is read): those expunged from the user's mailboxes and not yet purged, and those in the
 * vault (purged, or of a deleted mailbox).
 */
public final class VaultSearch {
  private VaultSearch() {}

  /**
   * The matches in mailbox name then UID order. {@code bodyStored} says whether a partition still
   * holds a body (a vaulted message's may have been reclaimed).
   */
  public static List<VaultHit> find(
      ProjectionReader r, String user, VaultQuery q, BiPredicate<String, Digest> bodyStored) {
    String prefix = MailboxNames.USER_PREFIX + user + MailboxNames.SEPARATOR;
    List<VaultHit> out = new ArrayList<>();
    // The mailboxes first: a scan of the expunge ledger inside the mailbox scan would reuse its
    // thread's key buffer.
    for (MailboxRecord m : r.mailboxes(prefix)) {
      String folder = m.name().substring(prefix.length());
      for (ExpungedMessage e : r.expunged(m.id())) {
        if (q.matches(e.message(), folder, e.expungedMicros() / 1000)) {
          out.add(
              new VaultHit(
                  Source.EXPUNGED,
                  m.name(),
                  folder,
                  false,
                  e.message(),
                  e.expungedMicros(),
                  m.partition(),
                  true));
        }
      }
    }
    r.forEachVaulted(
        user,
        v -> {
          Optional<MailboxRecord> now = r.mailbox(v.message().mailboxId());
          String name = now.map(MailboxRecord::name).orElse(v.folder());
          if (!name.startsWith(prefix)) {
            return true; // the mailbox has since gone to another account
          }
          String folder = name.substring(prefix.length());
          if (q.matches(v.message(), folder, v.expungedMicros() / 1000)) {
            out.add(
                new VaultHit(
                    Source.VAULTED,
                    name,
                    folder,
                    now.isEmpty(),
                    v.message(),
                    v.expungedMicros(),
                    v.partition(),
                    bodyStored.test(v.partition(), v.message().digest())));
          }
          return true;
        });
    out.sort(
        Comparator.comparing(VaultHit::mailbox)
            .thenComparingLong(h -> h.message().mailboxId())
            .thenComparingLong(h -> h.message().uid()));
    return out;
  }
}
