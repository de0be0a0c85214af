package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.ModSeq;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * A live message's MODSEQ is kept in its message value and an expunged one's in a table of its own:
 * a mailbox's modification sequences still come one per UID, in UID order, live and expunged
 * merged, the live one where both have a UID, and a visitor can stop them.
 */
class ModSeqIndexTest {
  static final Author TEST = Author.of("test", "ModSeqIndexTest");
  static final Digest DIGEST =
      Digest.parse("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

  @TempDir Path dir;

  @Test
  void liveAndExpungedEntriesMergeInUidOrder() {
    try (Journal j = Journal.open(dir.resolve("journal"))) {
      j.append(TEST, List.of(new MailboxEvent.Created(7, "user/ann/INBOX", "p", 1)));
      j.append(TEST, List.of(new MailboxEvent.Created(8, "user/bob/INBOX", "p", 1)));
      long[] appended = new long[7];
      for (long uid = 1; uid <= 6; uid++) {
        appended[(int) uid] = j.append(TEST, List.of(append(7, uid), append(8, uid)));
      }
      long expunged = j.append(TEST, List.of(new MessageEvent.Expunged(7, List.of(1L, 4L, 6L))));
      long flagged =
          j.append(
              TEST,
              List.of(new MessageEvent.FlagsStored(7, 3, Set.of(SystemFlag.SEEN), List.of())));
      long again = j.append(TEST, List.of(append(7, 4))); // no store does this: the live one wins
      for (String how : new String[] {"held", "live"}) {
        try (Projections p = Projections.open(dir.resolve(how))) {
          replay(p, j, how);
          try (ProjectionReader r = p.beginRead()) {
            assertEquals(
                List.of(
                    new ModSeq(7, 1, expunged, true),
                    new ModSeq(7, 2, appended[2], false),
                    new ModSeq(7, 3, flagged, false),
                    new ModSeq(7, 4, again, false),
                    new ModSeq(7, 5, appended[5], false),
                    new ModSeq(7, 6, expunged, true)),
                modSeqs(r, 7, Integer.MAX_VALUE),
                how);
            assertEquals(
                List.of(new ModSeq(7, 1, expunged, true), new ModSeq(7, 2, appended[2], false)),
                modSeqs(r, 7, 2),
                how + ", stopped after two");
            assertEquals(List.of(new ModSeq(7, 1, expunged, true)), modSeqs(r, 7, 1), how);
            assertEquals(6, modSeqs(r, 8, Integer.MAX_VALUE).size(), how);
            for (long mb : new long[] {7, 8}) {
              assertEquals(
                  modSeqs(r, mb, Integer.MAX_VALUE).stream().filter(q -> !q.expunged()).toList(),
                  liveModSeqs(r, mb, Integer.MAX_VALUE),
                  how + ": the live ones of mailbox " + mb);
            }
            assertEquals(List.of(new ModSeq(7, 2, appended[2], false)), liveModSeqs(r, 7, 1), how);
            assertEquals(expunged, r.modSeq(7, 1), how);
            assertEquals(flagged, r.modSeq(7, 3), how);
            assertEquals(again, r.modSeq(7, 4), how);
            assertEquals(appended[6], r.modSeq(8, 6), how);
            assertEquals(0, r.modSeq(7, 9), how);
            assertEquals(again, r.highestModSeq(7), how);
          }
        }
      }
    }
  }

  /**
   * A restore brings an expunged message back under a new UID: the old UID stays expunged (a client
   * that saw it must still be told it vanished), the new one is live at the restore's index. A
   * rename keeps a mailbox's sequences; a deletion drops them, expunged ones too, and a mailbox
   * created again under the name starts with none.
   */
  @Test
  void restoreRenameDeleteAndRecreate() {
    try (Journal j = Journal.open(dir.resolve("journal"))) {
      j.append(TEST, List.of(new MailboxEvent.Created(7, "user/ann/a", "p", 1)));
      long one = j.append(TEST, List.of(append(7, 1), append(7, 2)));
      long gone = j.append(TEST, List.of(new MessageEvent.Expunged(7, List.of(1L))));
      long restored = j.append(TEST, List.of(new MessageEvent.Restored(7, 1, 3)));
      j.append(TEST, List.of(new MailboxEvent.Renamed(7, "user/ann/a", "user/bob/b", "p", "p")));
      List<ModSeq> beforeDelete =
          List.of(
              new ModSeq(7, 1, gone, true),
              new ModSeq(7, 2, one, false),
              new ModSeq(7, 3, restored, false));
      for (String how : new String[] {"held", "live"}) {
        try (Projections p = Projections.open(dir.resolve(how + "-1"))) {
          replay(p, j, how);
          try (ProjectionReader r = p.beginRead()) {
            assertEquals(beforeDelete, modSeqs(r, 7, Integer.MAX_VALUE), how);
            assertEquals(restored, r.highestModSeq(7), how + ": a rename is no change to report");
            assertEquals(gone, r.modSeq(7, 1), how);
          }
        }
      }
      j.append(TEST, List.of(new MailboxEvent.Deleted(7, "user/bob/b")));
      long again = j.append(TEST, List.of(new MailboxEvent.Created(9, "user/bob/b", "p", 2)));
      for (String how : new String[] {"held", "live"}) {
        try (Projections p = Projections.open(dir.resolve(how + "-2"))) {
          replay(p, j, how);
          try (ProjectionReader r = p.beginRead()) {
            assertEquals(List.of(), modSeqs(r, 7, Integer.MAX_VALUE), how);
            assertEquals(0, r.highestModSeq(7), how);
            assertEquals(0, r.modSeq(7, 1), how);
            assertEquals(0, r.modSeq(7, 2), how);
            assertEquals(List.of(), modSeqs(r, 9, Integer.MAX_VALUE), how);
            assertEquals(again, r.highestModSeq(9), how);
          }
        }
      }
    }
  }

  /**
   * Expunged entries are never dropped while their mailbox lives, so a long-lived mailbox has many
   * more of them than messages: a scan that stops at the first entry must not have read them all.
   */
  @Test
  void aScanReadsExpungedEntriesAsItGoes() {
    int expungedCount = 200_000;
    try (Journal j = Journal.open(dir.resolve("journal"))) {
      j.append(TEST, List.of(new MailboxEvent.Created(7, "user/ann/INBOX", "p", 1)));
      j.append(TEST, List.of(new MailboxEvent.Created(8, "user/bob/INBOX", "p", 1)));
      List<Long> uids = new ArrayList<>();
      List<Event> batch = new ArrayList<>();
      for (long uid = 1; uid <= expungedCount; uid++) {
        batch.add(append(7, uid));
        uids.add(uid);
        if (batch.size() == 10_000) {
          j.append(TEST, batch);
          batch.clear();
        }
      }
      j.append(TEST, List.of(new MessageEvent.Expunged(7, uids)));
      long last = j.append(TEST, List.of(append(7, expungedCount + 1), append(8, 1), append(8, 2)));
      try (Projections p = Projections.open(dir.resolve("p"))) {
        p.catchUp(j);
        try (ProjectionReader r = p.beginRead()) {
          modSeqs(r, 8, 1); // loads and runs what a scan needs once
          com.sun.management.ThreadMXBean threads =
              (com.sun.management.ThreadMXBean)
                  java.lang.management.ManagementFactory.getThreadMXBean();
          long before = threads.getCurrentThreadAllocatedBytes();
          List<ModSeq> first = modSeqs(r, 7, 1);
          long allocated = threads.getCurrentThreadAllocatedBytes() - before;
          assertEquals(1, first.size());
          assertEquals(1, first.get(0).uid());
          // buffered, the 200,000 entries took 16 bytes each (3.2 MB), more with the growing
          assertTrue(allocated < 256 * 1024, "a scan stopped at once allocated " + allocated);
          assertEquals(expungedCount + 1, modSeqs(r, 7, Integer.MAX_VALUE).size());

          // A SELECT needs only the live messages': they are read without the expunged ones,
          // which the merged scan hands to its visitor one by one (200,001 visits here).
          liveModSeqs(r, 8, 1);
          before = threads.getCurrentThreadAllocatedBytes();
          List<ModSeq> live = liveModSeqs(r, 7, Integer.MAX_VALUE);
          allocated = threads.getCurrentThreadAllocatedBytes() - before;
          assertEquals(List.of(new ModSeq(7, expungedCount + 1, last, false)), live);
          assertTrue(allocated < 256 * 1024, "a scan of one live entry allocated " + allocated);
        }
      }
    }
  }

  /**
   * A mailbox's deletion drops its expunged entries and its highest, deleting as its cursor goes:
   * none of its own is left, and every entry of the mailboxes just below and above it stays (their
   * last and first UIDs sort next to its), whether the entries were in LMDB or still held by a bulk
   * transaction.
   */
  @Test
  void removeAllDropsAllOfTheMailboxAndNothingOfItsNeighbours() {
    long[] uids = new long[1_003];
    for (int i = 0; i < 1_000; i++) {
      uids[i] = i; // consecutive: a cursor that skipped one after each delete would leave some
    }
    uids[1_000] = 1L << 40;
    uids[1_001] = Long.MAX_VALUE;
    uids[1_002] = -1; // sorts last of its mailbox (keys compare unsigned)
    try (Env<ByteBuffer> env = Env.create().setMapSize(1L << 30).setMaxDbs(8).open(dir.toFile())) {
      for (boolean held : new boolean[] {false, true}) {
        Table expunged = new Table(env, "modseq-" + held);
        Table highest = new Table(env, "modseq.mailbox-" + held);
        ModSeqIndex index = new ModSeqIndex(expunged, highest, new Table(env, "messages-" + held));
        Buf key = new Buf(16);
        Buf value = new Buf(16);
        Txn<ByteBuffer> tx = env.txnWrite();
        try {
          if (held) {
            Table.Budget budget = new Table.Budget(Long.MAX_VALUE);
            expunged.hold(tx, budget);
            highest.hold(tx, budget);
          }
          for (long mb : new long[] {6, 7, 8}) {
            for (long uid : uids) {
              index.expunged(tx, mb, uid, 10 * mb, key, value);
            }
            index.setHighest(tx, mb, 10 * mb, key, value);
          }
          if (!held) { // the deletion's transaction finds them in LMDB
            tx.commit();
            tx.close();
            tx = env.txnWrite();
          }
          index.removeAll(tx, 7, key);
          List<String> left = new ArrayList<>();
          expunged.scanFrom(
              tx,
              null,
              (k, v) ->
                  left.add(
                      k.getLong(k.position())
                          + ":"
                          + Long.toUnsignedString(k.getLong(k.position() + 8))));
          List<String> expected = new ArrayList<>();
          for (long mb : new long[] {6, 8}) {
            for (long uid : uids) {
              expected.add(mb + ":" + Long.toUnsignedString(uid));
            }
          }
          assertEquals(expected, left, held ? "held" : "in LMDB");
          assertEquals(0, index.highest(tx, 7));
          assertEquals(60, index.highest(tx, 6));
          assertEquals(80, index.highest(tx, 8));
          assertEquals(80, index.of(tx, 8, 0));
          assertEquals(0, index.of(tx, 7, 0));
          assertEquals(60, index.of(tx, 6, -1));
        } finally {
          if (held) {
            expunged.release();
            highest.release();
          }
          tx.close();
        }
      }
    }
  }

  /**
   * The deletion deletes where its cursor stands: it does not first list the UIDs (a long-lived
   * mailbox has far more expunged entries than messages) to delete each by its key.
   */
  @Test
  void removeAllListsNothing() {
    int count = 200_000;
    try (Env<ByteBuffer> env = Env.create().setMapSize(1L << 30).setMaxDbs(8).open(dir.toFile())) {
      Table expunged = new Table(env, "modseq"); // before the transaction: it opens one of its own
      ModSeqIndex index =
          new ModSeqIndex(expunged, new Table(env, "modseq.mailbox"), new Table(env, "messages"));
      try (Txn<ByteBuffer> tx = env.txnWrite()) {
        Buf key = new Buf(16);
        Buf value = new Buf(16);
        for (long mb = 1; mb <= 3; mb++) {
          for (long uid = 1; uid <= (mb == 2 ? count : 2); uid++) {
            index.expunged(tx, mb, uid, 5, key, value);
          }
        }
        index.removeAll(tx, 1, key); // loads and runs what a deletion needs once
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        index.removeAll(tx, 2, key);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(2, expunged.count(tx));
        // Listed, each UID took 16 bytes boxed, more with the list's growing: 7.7 MB in all for
        // these 200,000, where deleting at the cursor allocates about 1 KB (Table passes lmdbjava's
        // delete a shared empty flags array: a varargs call made one of 16 bytes a delete).
        assertTrue(allocated < 16L * count, "a deletion of " + count + " allocated " + allocated);
      }
    }
  }

  private static void replay(Projections p, Journal j, String how) {
    if (how.equals("held")) {
      p.catchUp(j);
    } else {
      try (ProjectionWriter w = p.beginWrite(0)) {
        p.catchUp(j, w, Long.MAX_VALUE);
        w.commit();
      }
    }
  }

  private static List<ModSeq> modSeqs(ProjectionReader r, long mailboxId, int max) {
    List<ModSeq> out = new ArrayList<>();
    r.forEachModSeq(
        mailboxId,
        q -> {
          out.add(q);
          return out.size() < max;
        });
    return out;
  }

  private static List<ModSeq> liveModSeqs(ProjectionReader r, long mailboxId, int max) {
    List<ModSeq> out = new ArrayList<>();
    r.forEachLiveModSeq(
        mailboxId,
        q -> {
          out.add(q);
          return out.size() < max;
        });
    return out;
  }

  private static Event append(long mailboxId, long uid) {
    return new MessageEvent.Appended(
        mailboxId,
        uid,
        DIGEST,
        100,
        10,
        1_000 * uid,
        1_000 * uid,
        Set.of(),
        List.of(),
        "<" + uid + ">");
  }
}
