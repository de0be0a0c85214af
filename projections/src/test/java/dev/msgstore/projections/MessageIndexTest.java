package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.model.MessageRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIndexTest {
  /** An append's value is written from the event itself: it must be the record's, byte for byte. */
  @Test
  void anAppendEncodesAsItsRecord() {
    Digest d = new Digest(1, -2, 3, Long.MIN_VALUE);
    List<MessageEvent.Appended> appends =
        List.of(
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
                MessageEvent.Summary.NONE));
    for (MessageEvent.Appended a : appends) {
      long saved = 1_795_860_000_456L;
      assertEquals(
          bytes(MessageIndex.encode(new Buf(8), MessageRecord.of(a, saved))),
          bytes(MessageIndex.encode(new Buf(8), a, saved)),
          a.toString());
    }
  }

  private static ByteBuffer bytes(Buf b) {
    ByteBuffer f = b.flip();
    return ByteBuffer.allocate(f.remaining()).put(f).flip();
  }
}
