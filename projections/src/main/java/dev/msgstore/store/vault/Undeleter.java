package dev.msgstore.store.vault;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.UndeleteMessages;
import dev.msgstore.store.command.UndeleteMessages.Source;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Undelete: finds a user's deleted messages ({@link VaultSearch}) and brings the restorable ones
 * back, one commit per mailbox ({@link UndeleteMessages}): each into the mailbox it was deleted
 * from (recreated if that was deleted too), or all into one folder of the account.
 */
public final class Undeleter {
  private final Store store;
  private final Author author;

  public Undeleter(Store store, Author author) {
    this.store = store;
    this.author = author;
  }

  /** One message brought back: where to, and its new UID there. */
  public record Undeleted(VaultHit hit, String mailbox, long uid) {}

  /** The user's deleted messages that {@code q} asks for. */
  public List<VaultHit> find(String user, VaultQuery q) {
    store.refresh();
    try (ProjectionReader r = store.read()) {
      return VaultSearch.find(r, user, q, (p, d) -> bodyStored(p, d));
    }
  }

  private boolean bodyStored(String partition, dev.msgstore.journal.body.Digest digest) {
    return store.partitions().exists(partition) && store.bodies(partition).contains(digest);
  }

  /**
   * Brings back the restorable {@code hits} of {@code user}: into {@code into} (a folder of the
   * account) when given, else each into its own mailbox. Returns what came back, in {@code hits}'
   * order; a message restored or forgotten meanwhile is left out.
   */
  public List<Undeleted> restore(String user, List<VaultHit> hits, String into) throws IOException {
    Map<String, List<VaultHit>> byTarget = new LinkedHashMap<>();
    for (VaultHit h : hits) {
      if (h.restorable()) {
        String target =
            into == null
                ? h.mailbox()
                : MailboxNames.canonical(
                    MailboxNames.USER_PREFIX + user + MailboxNames.SEPARATOR + into);
        byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(h);
      }
    }
    List<Undeleted> out = new ArrayList<>();
    for (var e : byTarget.entrySet()) {
      out.addAll(restoreInto(e.getKey(), e.getValue(), into == null));
    }
    return out;
  }

  private List<Undeleted> restoreInto(String target, List<VaultHit> hits, boolean original)
      throws IOException {
    Optional<MailboxRecord> existing;
    try (ProjectionReader r = store.read()) {
      existing = r.mailbox(target);
    }
    // A mailbox recreated where it was keeps its bodies where they are; --into goes to the owner's.
    String partition =
        existing
            .map(MailboxRecord::partition)
            .orElse(original ? hits.get(0).partition() : store.partitionOf(target));
    for (VaultHit h : hits) {
      boolean restoredInPlace =
          h.source() == Source.EXPUNGED && existing.map(m -> m.id()).orElse(-1L) == mailboxId(h);
      if (!restoredInPlace && !h.partition().equals(partition)) {
        copyBody(h, partition);
      }
    }
    Outcome o =
        store.execute(
            author,
            new UndeleteMessages(target, partition, hits.stream().map(VaultHit::pick).toList()));
    return matched(target, hits, o.events());
  }

  private static long mailboxId(VaultHit h) {
    return h.message().mailboxId();
  }

  /** A body kept in another partition is copied to the target's first (a dry run copies none). */
  private void copyBody(VaultHit h, String partition) throws IOException {
    if (store.isDryRun() || store.bodies(partition).contains(h.message().digest())) {
      return;
    }
    try (InputStream in = store.openBody(h.partition(), h.message().digest())) {
      store.bodies(partition).put(in);
    }
  }

  /**
   * Pairs the command's events with the hits they restored: they come in the hits' order, a message
   * restored in place as {@code message.restored}, any other as {@code message.appended}.
   */
  private static List<Undeleted> matched(String target, List<VaultHit> hits, List<Event> events) {
    List<Undeleted> out = new ArrayList<>();
    int next = 0;
    for (Event e : events) {
      long newUid;
      java.util.function.Predicate<VaultHit> mine;
      if (e instanceof MessageEvent.Restored r) {
        newUid = r.newUid();
        mine = h -> h.source() == Source.EXPUNGED && h.message().uid() == r.expungedUid();
      } else if (e instanceof MessageEvent.Appended a) {
        newUid = a.uid();
        mine = h -> h.message().digest().equals(a.digest()) && h.message().size() == a.size();
      } else {
        continue;
      }
      while (next < hits.size() && !mine.test(hits.get(next))) {
        next++;
      }
      if (next < hits.size()) {
        out.add(new Undeleted(hits.get(next++), target, newUid));
      }
    }
    return out;
  }
}
