package dev.msgstore.projections;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.journal.event.SessionEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.journal.event.SystemFlag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** A random journal of every kind of event the projections apply, for the replay tests. */
final class RandomJournal {
  /** The body every append names: the projections never read it. */
  private static final Digest DIGEST =
      Digest.parse("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

  private RandomJournal() {}

  /**
   * Returns the number of events written. As the store writes them: a mailbox id is never reused,
   * no two mailboxes share a name, and messages come and go in mailboxes that exist.
   */
  static int write(Path dir, Author author, Random rnd) {
    int written = 0;
    long[] ids = new long[8]; // per slot, the mailbox there (0: none)
    String[] names = new String[8];
    long[] uidNext = new long[8];
    long nextId = 1;
    int nextName = 0;
    try (Journal j = Journal.open(dir)) {
      for (int c = 0; c < 1_500; c++) {
        List<Event> commit = new ArrayList<>();
        for (int e = 1 + rnd.nextInt(6); e > 0; e--) {
          int slot = rnd.nextInt(ids.length);
          String user = "u" + rnd.nextInt(3);
          String name = "user/" + user + "/f" + nextName++;
          long mb = ids[slot];
          if (mb == 0) {
            ids[slot] = nextId;
            names[slot] = name;
            uidNext[slot] = 1;
            commit.add(new MailboxEvent.Created(nextId++, name, "primary", 1 + c));
            written++;
            continue;
          }
          long uid = 1 + rnd.nextInt((int) uidNext[slot]);
          commit.add(
              switch (rnd.nextInt(16)) {
                case 0 -> {
                  String old = names[slot];
                  names[slot] = name;
                  yield new MailboxEvent.Renamed(mb, old, name, "primary", "primary");
                }
                case 1 -> {
                  if (rnd.nextInt(8) != 0) { // rarely, so that mailboxes fill up
                    yield new MessageEvent.FlagsStored(
                        mb, uid, Set.of(SystemFlag.DRAFT), List.of());
                  }
                  ids[slot] = 0;
                  yield new MailboxEvent.Deleted(mb, names[slot]);
                }
                case 2, 3, 4, 5, 6 ->
                    new MessageEvent.Appended(
                        mb,
                        uidNext[slot]++,
                        DIGEST,
                        100 + rnd.nextInt(5_000),
                        50,
                        1_795_860_000_000L + c,
                        0,
                        Set.of(),
                        rnd.nextBoolean() ? List.of() : List.of("$k" + rnd.nextInt(3)),
                        "<" + c + "." + e + "@test>");
                case 7, 8 ->
                    new MessageEvent.FlagsStored(
                        mb, uid, rnd.nextBoolean() ? Set.of(SystemFlag.SEEN) : Set.of(), List.of());
                case 9 -> new MessageEvent.Expunged(mb, List.of(uid, uid + 1));
                case 10 -> new MessageEvent.Restored(mb, uid, uidNext[slot]++);
                case 11 -> new MessageEvent.Purged(mb, List.of(uid));
                case 12 ->
                    rnd.nextBoolean()
                        ? new AclEvent.EntrySet(mb, user, "lrs")
                        : new AclEvent.EntryRemoved(mb, user);
                case 13 ->
                    rnd.nextBoolean()
                        ? new QuotaEvent.LimitSet(user, 10_000 + rnd.nextInt(10_000), -1)
                        : new QuotaEvent.Notified(user, "80", rnd.nextInt(3) * 60);
                case 14 ->
                    rnd.nextBoolean()
                        ? new SubscriptionEvent.Subscribed(user, names[slot])
                        : new SubscriptionEvent.Unsubscribed(user, names[slot]);
                default ->
                    rnd.nextBoolean()
                        ? new ConfigEvent.OptionSet("opt" + rnd.nextInt(4), "", "v" + c)
                        : new SessionEvent.SharedMailboxAccessed(mb, user);
              });
          written++;
        }
        j.append(author, commit);
      }
    }
    return written;
  }
}
