package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.model.MessageRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageIndexTest {
  @TempDir Path dir;

  /** An append's value is written from the event itself: it must be the record's, byte for byte. */
  @Test
  void anAppendEncodesAsItsRecord() {
    for (MessageEvent.Appended a : appends()) {
      long saved = 1_795_860_000_456L;
      assertEquals(
          bytes(MessageIndex.encode(new Buf(8), MessageRecord.of(a, saved))),
          bytes(MessageIndex.encode(new Buf(8), a, saved)),
          a.toString());
    }
  }

  /**
   * {@code FLAGS_AT} is counted by hand from {@code encode}'s layout: the flags must be found there
   * whatever the strings after them hold (the offset goes only over fixed-size fields).
   */
  @Test
  void theFlagsLieAtFlagsAt() {
    long modSeq = 77;
    for (MessageEvent.Appended a : appends()) {
      ByteBuffer fromRecord =
          bytes(MessageIndex.encode(new Buf(8), MessageRecord.of(a, 123)).putLong(modSeq));
      ByteBuffer fromAppend = bytes(MessageIndex.encode(new Buf(8), a, 123).putLong(modSeq));
      int bits = SystemFlag.toBits(a.flags());
      assertEquals(bits, fromRecord.getInt(MessageIndex.FLAGS_AT), a.toString());
      assertEquals(bits, fromAppend.getInt(MessageIndex.FLAGS_AT), a.toString());
      assertEquals(
          a.flags(),
          MessageIndex.decode(a.mailboxId(), a.uid(), fromRecord.duplicate()).flags(),
          a.toString());
    }
  }

  /** A count by {@code scanFlags} must see the UIDs and flags that {@code scan} decodes. */
  @Test
  void scanFlagsReadsWhatScanReads() {
    try (Journal j = Journal.open(dir.resolve("journal"));
        Projections p = Projections.open(dir.resolve("p"))) {
      Author test = Author.of("test", "MessageIndexTest");
      for (long id : new long[] {2, 3, 7, Long.MAX_VALUE}) {
        j.append(test, List.of(new MailboxEvent.Created(id, "user/ann/m" + id, "p", 1)));
      }
      for (MessageEvent.Appended a : appends()) {
        j.append(test, List.of(a));
      }
      j.append(
          test,
          List.of(
              new MessageEvent.FlagsStored(
                  3, 9, Set.of(SystemFlag.DELETED, SystemFlag.SEEN), List.of("late", "k"))));
      p.catchUp(j);
      try (ProjectionReader r = p.beginRead()) {
        int seen = 0;
        for (long id : new long[] {2, 3, 7, Long.MAX_VALUE}) {
          List<String> scanned = new ArrayList<>();
          r.forEachMessage(id, 0, m -> scanned.add(m.uid() + ":" + SystemFlag.toBits(m.flags())));
          List<String> flags = new ArrayList<>();
          r.forEachMessageFlags(id, 0, (uid, bits) -> flags.add(uid + ":" + bits));
          assertEquals(scanned, flags, "mailbox " + id);
          seen += flags.size();
        }
        assertEquals(appends().size(), seen);
      }
    }
  }

  private static List<MessageEvent.Appended> appends() {
    Digest d = new Digest(1, -2, 3, Long.MIN_VALUE);
    return List.of(
        new MessageEvent.Appended(
            7, 42, d, 5_000, 300, 1_795_860_000_000L, 0, Set.of(), List.of(), "<a@b>"),
        new MessageEvent.Appended(
            Long.MAX_VALUE,
            1,
            d,
            0,
            0,
            -1,
            1_795_860_000_123L,
            Set.of(SystemFlag.SEEN, SystemFlag.FLAGGED, SystemFlag.DRAFT),
            List.of("$Junk", "ключ"),
            "",
            new MessageEvent.Summary("Zoë <z@x>", "a@b, c@d", "Grüße ✉ from afar")),
        new MessageEvent.Appended(
            3,
            9,
            d,
            12,
            4,
            5,
            6,
            Set.of(SystemFlag.ANSWERED),
            List.of("x"),
            "<m@x>",
            MessageEvent.Summary.NONE),
        new MessageEvent.Appended(
            7,
            43,
            d,
            Long.MAX_VALUE,
            Integer.MAX_VALUE,
            Long.MIN_VALUE,
            -7,
            Set.of(SystemFlag.values()),
            List.of("a", "bb", "ccc", "dddd", "eeeee"),
            "<odd@size>",
            new MessageEvent.Summary("x", "", "yz")),
        new MessageEvent.Appended(
            2,
            1,
            d,
            1,
            1,
            1,
            1,
            Set.of(SystemFlag.SEEN),
            List.of(),
            "",
            MessageEvent.Summary.NONE));
  }

  private static ByteBuffer bytes(Buf b) {
    ByteBuffer f = b.flip();
    return ByteBuffer.allocate(f.remaining()).put(f).flip();
  }
}
