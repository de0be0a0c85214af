package dev.msgstore.journal.body;

import static dev.msgstore.journal.body.TestSegments.liveEnd;
import static dev.msgstore.journal.body.TestSegments.onlySegment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every byte of a small segment of several bodies, flipped one at a time: each flip is detected by
 * the next read of the body it damaged (and by {@link BodyStore#verify}, what {@code reconstruct}
 * runs), or it is provably harmless, and no read ever hands out a damaged body as a whole one.
 *
 * <p>Why every byte of a record is detected: the header's 45 bytes (magic, version, length, digest)
 * are covered by the header's CRC32C, which {@code open} checks; the payload by the trailer's
 * CRC32C and by the SHA-256 the record is stored under, both checked before the last chunk is
 * handed out; the trailer is the CRC32C itself. A CRC32C detects every error within 32 bits, so
 * every single-byte change. Why a flip past the last record is harmless: a reader reads only the
 * span of an indexed record, never past its trailer, so the preallocated zeros a writer keeps ahead
 * of its records are read by nobody but recovery, which cuts them (a torn tail). Both claims are
 * checked below, not assumed: the test states which body each offset belongs to and expects exactly
 * that body, and no other, to fail.
 */
class BodySegmentBitFlipTest {
  /** Bodies of a few shapes: empty, one byte, 8-bit and not UTF-8, text, binary. */
  static final List<byte[]> BODIES =
      List.of(
          new byte[0],
          new byte[] {'x'},
          new byte[] {(byte) 0xE9, 't', (byte) 0xE9, (byte) 0xFF, (byte) 0xC3, 0, (byte) 0x80},
          "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII),
          BodyStoreContract.body(90, 11));

  static final int ZEROS = 48; // the preallocated zeros checked past the last record

  /** Where each body's record lies in the segment, in the order stored. */
  record Span(Digest digest, long start, long end) {}

  @Test
  void everyFlipOfALiveSegmentIsCaughtByTheNextReadOrHarmless(@TempDir Path dir)
      throws IOException {
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      List<Span> spans = put(store);
      Path seg = onlySegment(dir);
      long live = liveEnd(seg);
      assertEquals(spans.get(spans.size() - 1).end(), live);
      // the writer is still open: zeros it preallocated follow its records
      FileChannel ch = Segments.held(seg);
      assertNotNull(ch, "the writer's own segment");
      assertTrue(ch.size() >= live + ZEROS, "preallocated past the records");
      int flips = 0;
      for (long at = 0; at < live + ZEROS; at++) {
        for (int mask : new int[] {0xFF, 0x01, 0x80}) {
          byte was = flip(ch, at, mask);
          Span hit = owner(spans, at);
          for (Span s : spans) {
            boolean damaged = s == hit;
            Outcome o = read(store, s.digest());
            if (damaged) {
              assertTrue(o instanceof Outcome.Corrupt, at + " ^ " + mask + ": served " + o);
              assertEquals(BodyCheck.CORRUPT, store.verify(s.digest()), "verify at " + at);
            } else {
              assertServedWhole(s, o, "flip at " + at + " ^ " + mask);
              assertEquals(BodyCheck.OK, store.verify(s.digest()), "verify at " + at);
            }
          }
          put(ch, at, was);
          flips++;
        }
      }
      assertEquals(3 * (live + ZEROS), flips);
    }
  }

  /**
   * The same flips found after a reboot: the index is rebuilt from the segment (recovery reads the
   * headers, and checks the payload CRC of the last record), and the writer's preallocated zeros
   * are still there because it died. A damaged header makes its body MISSING (the record cannot be
   * trusted to say what it holds, and recovery skips to the next valid header); a damaged last
   * record is a torn tail and is cut, so MISSING too; any other damage is CORRUPT when read; a flip
   * in the zeros is cut with them. Never another body lost, never a damaged body served.
   */
  @Test
  void everyFlipIsCaughtAfterTheIndexIsRebuilt(@TempDir Path dir) throws IOException {
    Path made = dir.resolve("made");
    List<Span> spans;
    try (SegmentBodyStore store = SegmentBodyStore.open(made)) {
      spans = put(store);
    }
    Path seg = onlySegment(made);
    byte[] records = Files.readAllBytes(seg);
    byte[] image = java.util.Arrays.copyOf(records, records.length + ZEROS); // as a dead writer
    String name = seg.getFileName().toString();
    int missing = 0;
    int corrupt = 0;
    for (int at = 0; at < image.length; at++) {
      Path copy = Files.createDirectories(dir.resolve("flip-" + at));
      byte[] flipped = image.clone();
      flipped[at] ^= (byte) 0xFF;
      Files.write(copy.resolve(name), flipped);
      Span hit = owner(spans, at);
      try (SegmentBodyStore store = SegmentBodyStore.open(copy)) {
        for (Span s : spans) {
          Outcome o = read(store, s.digest());
          BodyCheck check = store.verify(s.digest());
          if (s == hit) {
            assertNotEquals(BodyCheck.OK, check, "flip at " + at);
            assertTrue(!(o instanceof Outcome.Served), "flip at " + at + ": served " + o);
            missing += check == BodyCheck.MISSING ? 1 : 0;
            corrupt += check == BodyCheck.CORRUPT ? 1 : 0;
          } else {
            assertServedWhole(s, o, "flip at " + at + " after a rebuild");
            assertEquals(BodyCheck.OK, check, "flip at " + at + " after a rebuild");
          }
        }
      }
      dev.msgstore.journal.FileTrees.delete(copy);
    }
    assertTrue(missing > 0 && corrupt > 0, missing + " missing, " + corrupt + " corrupt");
  }

  private static List<Span> put(SegmentBodyStore store) throws IOException {
    List<Span> spans = new ArrayList<>();
    long at = 0;
    for (byte[] b : BODIES) {
      StoredBody stored = store.put(b);
      assertTrue(!stored.deduplicated());
      spans.add(new Span(stored.digest(), at, at + Frame.frameBytes(b.length)));
      at += Frame.frameBytes(b.length);
    }
    return spans;
  }

  /** The body whose record holds byte {@code at}, or null past the last record. */
  private static Span owner(List<Span> spans, long at) {
    return spans.stream().filter(s -> s.start() <= at && at < s.end()).findFirst().orElse(null);
  }

  /** What a reader got: the whole body, or a failure of the check (and which). */
  sealed interface Outcome {
    record Served(byte[] bytes) implements Outcome {}

    record Corrupt(CorruptBodyException e) implements Outcome {}

    record Missing(NoSuchBodyException e) implements Outcome {}
  }

  private static Outcome read(BodyStore store, Digest d) {
    try (InputStream in = store.open(d)) {
      return new Outcome.Served(in.readAllBytes());
    } catch (CorruptBodyException e) {
      return new Outcome.Corrupt(e);
    } catch (NoSuchBodyException e) {
      return new Outcome.Missing(e);
    } catch (IOException e) {
      return fail("neither served nor reported as damaged: " + e);
    }
  }

  private static void assertServedWhole(Span s, Outcome o, String what) {
    if (!(o instanceof Outcome.Served served)) {
      fail(what + ": an undamaged body was not served: " + o);
      return;
    }
    assertArrayEquals(BODIES.get(index(s)), served.bytes(), what);
  }

  private static int index(Span s) {
    for (int i = 0; i < BODIES.size(); i++) {
      if (Digest.sha256(BODIES.get(i)).equals(s.digest())) {
        return i;
      }
    }
    throw new AssertionError("not one of the bodies: " + s);
  }

  private static byte flip(FileChannel ch, long at, int mask) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1);
    Frame.readFully(ch, b, at);
    byte was = b.get(0);
    put(ch, at, (byte) (was ^ mask));
    return was;
  }

  private static void put(FileChannel ch, long at, byte value) throws IOException {
    Frame.writeFully(ch, ByteBuffer.wrap(new byte[] {value}), at);
  }
}
