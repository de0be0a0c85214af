package dev.msgstore.journal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * A document whose structure is wrong is read as damaged, never as a commit and never by throwing,
 * even where its checksum is right (a frame only proves that the bytes are those written; format 1
 * has no frame at all) and when the array it lies in holds more after it (a reader's reused array).
 */
class CommitCodecDamageTest {
  private static final long INDEX = 0x4a00000007L;
  private static final CommitMeta META =
      new CommitMeta(1_764_000_000_000_000L, "\u00e9milie", "msgstore test", "host", 4242);
  private static final MessageEvent.FlagsStored FIRST =
      new MessageEvent.FlagsStored(
          7, 42, EnumSet.of(SystemFlag.SEEN, SystemFlag.FLAGGED), List.of("$Junk", "\u00fcber"));
  private static final MessageEvent.FlagsStored SECOND =
      new MessageEvent.FlagsStored(-1, Long.MAX_VALUE, EnumSet.noneOf(SystemFlag.class), List.of());
  private static final int TAG = EventRegistry.of(FIRST).tag();
  private static final int VERSION = EventRegistry.of(FIRST).version();

  /** An event as the codec frames it: {@code [tag][version][length][payload]}. */
  private static byte[] event(int tag, int version, int length, byte[] payload) {
    Bytes<byte[]> b = Bytes.allocateElasticOnHeap(64);
    b.writeStopBit(tag).writeUnsignedByte(version).writeInt(length).write(payload);
    return b.toByteArray();
  }

  private static byte[] event(Event e) {
    byte[] payload = payload(e);
    return event(TAG, VERSION, payload.length, payload);
  }

  private static byte[] payload(Event e) {
    EventOutput b = new EventOutput(64);
    EventRegistry.of(e).write(e, b);
    return b.toByteArray();
  }

  /** A commit's body, {@code count} claimed, these events' bytes after it. */
  private static byte[] body(boolean framed, long count, byte[]... events) {
    Bytes<byte[]> b = Bytes.allocateElasticOnHeap(64);
    if (framed) {
      b.writeLong(INDEX - 1); // durableUpTo
    }
    b.writeLong(META.timeMicros());
    EventOutput text = new EventOutput(64);
    Fields.writeString(text, META.actor());
    Fields.writeString(text, META.origin());
    Fields.writeString(text, META.host());
    b.write(text.toByteArray());
    b.writeStopBit(META.pid()).writeStopBit(count);
    for (byte[] e : events) {
      b.write(e);
    }
    return b.toByteArray();
  }

  /** {@code body} framed, its length and checksum right. */
  private static byte[] framed(byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(body);
    Bytes<byte[]> b = Bytes.allocateElasticOnHeap(64);
    b.writeUnsignedByte(CommitCodec.FORMAT).writeInt(body.length).writeInt((int) crc.getValue());
    b.write(body);
    return b.toByteArray();
  }

  private static byte[] unframed(byte[] body) {
    byte[] d = new byte[body.length + 1];
    d[0] = CommitCodec.FORMAT_UNFRAMED;
    System.arraycopy(body, 0, d, 1, body.length);
    return d;
  }

  private static CommitCodec.Frame read(byte[] document) {
    return CommitCodec.read(INDEX, document);
  }

  private static String damaged(byte[] document) {
    return assertInstanceOf(CommitCodec.Frame.Damaged.class, read(document)).why();
  }

  @Test
  void theDocumentsBuiltHereAreIntactUnaltered() {
    for (byte[] d :
        List.of(
            framed(body(true, 2, event(FIRST), event(SECOND))),
            unframed(body(false, 2, event(FIRST), event(SECOND))))) {
      CommitCodec.Frame.Intact i = assertInstanceOf(CommitCodec.Frame.Intact.class, read(d));
      assertEquals(META, i.commit().meta());
      assertEquals(List.of(FIRST, SECOND), i.commit().events());
    }
  }

  /**
   * A reader hands the decoder a document in an array it reuses, larger than the document: what
   * lies around {@code [from, to)} is never read.
   */
  @Test
  void onlyTheBytesFromToAreRead() {
    for (byte[] d :
        List.of(
            framed(body(true, 2, event(FIRST), event(SECOND))),
            unframed(body(false, 2, event(FIRST), event(SECOND))))) {
      byte[] within = new byte[d.length + 20];
      Arrays.fill(within, (byte) 0x5a);
      System.arraycopy(d, 0, within, 7, d.length);
      CommitCodec.Frame.Intact i =
          assertInstanceOf(
              CommitCodec.Frame.Intact.class,
              CommitCodec.read(INDEX, within, 7, 7 + d.length, CommitCodec.ALL_EVENTS));
      assertEquals(List.of(FIRST, SECOND), i.commit().events());
      for (int cut = 0; cut < d.length; cut++) {
        assertInstanceOf(
            CommitCodec.Frame.Damaged.class,
            CommitCodec.read(INDEX, within, 7, 7 + cut, CommitCodec.ALL_EVENTS),
            "cut at " + cut);
        assertInstanceOf(
            CommitCodec.Frame.Damaged.class,
            CommitCodec.read(INDEX, d, 0, cut, CommitCodec.ALL_EVENTS),
            "cut at " + cut);
      }
    }
  }

  @Test
  void aStructureWrongUnderARightChecksumIsDamaged() {
    byte[] first = payload(FIRST);
    byte[] longer = Arrays.copyOf(first, first.length + 1);
    // keywords: one claimed, of 100 bytes where 3 are
    Bytes<byte[]> b = Bytes.allocateElasticOnHeap(64);
    b.writeStopBit(7).writeStopBit(42).writeStopBit(0).writeStopBit(1).writeStopBit(100);
    b.write("abc".getBytes(StandardCharsets.UTF_8));
    byte[] textTooLong = b.toByteArray();
    b = Bytes.allocateElasticOnHeap(64);
    b.writeStopBit(7).writeStopBit(42).writeStopBit(0).writeStopBit(1_000);
    byte[] listTooLong = b.toByteArray();
    b = Bytes.allocateElasticOnHeap(64);
    b.writeStopBit(7).writeStopBit(42).writeStopBit(1L << 40).writeStopBit(0);
    byte[] flagsPastAnInt = b.toByteArray(); // Math.toIntExact throws: no CorruptCommitException
    List<byte[]> bodies =
        List.of(
            body(true, 1, event(TAG, VERSION, first.length - 1, first)), // its reader reads past it
            body(true, 1, event(TAG, VERSION, longer.length, longer)), // its reader leaves a byte
            body(true, 1, event(TAG, VERSION, -1, first)),
            body(true, 1, event(TAG, VERSION, first.length + 1, first)),
            body(true, 2, event(FIRST)),
            body(true, 1, event(FIRST), event(SECOND)), // the second is left over
            body(true, -1, event(FIRST)),
            body(true, 1, event(TAG, 9, first.length, first)),
            body(true, 1, event(10_000, 1, first.length, first)),
            body(true, 1, event(TAG, VERSION, textTooLong.length, textTooLong)),
            body(true, 1, event(TAG, VERSION, listTooLong.length, listTooLong)),
            body(true, 1, event(TAG, VERSION, flagsPastAnInt.length, flagsPastAnInt)));
    for (byte[] body : bodies) {
      String why = damaged(framed(body));
      assertTrue(!why.isBlank(), why);
    }
    assertTrue(
        damaged(framed(bodies.get(7))).contains("unknown version 9"),
        damaged(framed(bodies.get(7))));
    assertTrue(
        damaged(framed(bodies.get(8))).contains("unknown event tag 10000"),
        damaged(framed(bodies.get(8))));
    // format 1 has no frame: only its structure tells, and a body that is one event short is cut
    for (byte[] body :
        List.of(
            body(false, 1, event(TAG, VERSION, first.length - 1, first)),
            body(false, 1, event(TAG, VERSION, longer.length, longer)),
            body(false, 2, event(FIRST)),
            body(false, 1, event(TAG, 9, first.length, first)))) {
      damaged(unframed(body));
    }
  }

  /** A filter that passes over every event still finds a damaged event's length. */
  @Test
  void aPassedOverEventIsCheckedByItsLength() {
    byte[] first = payload(FIRST);
    for (byte[] body :
        List.of(
            body(true, 1, event(TAG, VERSION, first.length + 1, first)),
            body(true, 1, event(TAG, VERSION, -1, first)),
            body(true, 2, event(FIRST)),
            body(true, 1, event(FIRST), event(SECOND)))) {
      byte[] d = framed(body);
      assertInstanceOf(
          CommitCodec.Frame.Damaged.class, CommitCodec.read(INDEX, d, 0, d.length, t -> false));
    }
  }
}
