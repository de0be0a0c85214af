package dev.msgstore.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads a commit's own frame straight from the cycle file, whatever Chronicle's header word around
 * it says: when a header's length or flags are damaged, the frame (its length and CRC32C) still
 * tells where the document really ends, so the header can be restored without losing anything.
 */
final class FrameCheck {
  /** Frames larger than this are not commits: a damaged length, not worth reading. */
  private static final int MAX_BODY = 1 << 26;

  private FrameCheck() {}

  /**
   * The length of the intact format-2 frame starting at {@code payloadAt}, header included ({@code
   * 9 + body}), or -1 when there is none there.
   */
  static int intactFrameLength(FileChannel ch, long payloadAt) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
    if (ch.read(head, payloadAt) < 9 || head.get(0) != 2) {
      return -1;
    }
    int body = head.getInt(1);
    if (body < 16 || body > MAX_BODY) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.allocate(body);
    while (b.hasRemaining()) {
      if (ch.read(b, payloadAt + 9 + b.position()) < 0) {
        return -1;
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, body);
    return (int) crc.getValue() == head.getInt(5) ? 9 + body : -1;
  }

  /**
   * Whether the document of {@code length} bytes at {@code payloadAt} holds an intact commit of
   * another length: its Chronicle header, not the commit, is what is damaged.
   */
  static boolean headerAlone(FileChannel ch, long payloadAt, long length) throws IOException {
    int frame = intactFrameLength(ch, payloadAt);
    return frame > 0 && frame != length;
  }

  /** Why a commit whose header alone is damaged cannot be read in place. */
  static String why(long length, int frame) {
    return "its Chronicle header says "
        + length
        + " bytes, its own intact frame "
        + frame
        + "; the commit itself is whole";
  }
}
