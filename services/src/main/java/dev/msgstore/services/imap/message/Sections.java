package dev.msgstore.services.imap.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which bytes a section names (RFC 3501 6.4.5), found as Dovecot finds them: at a multipart a
 * number picks a part; at any other part only 1 is allowed (the part itself, so BODY[1] of a
 * single-part message is its body); a message/rfc822 continued by a number is entered. HEADER,
 * HEADER.FIELDS[.NOT] and TEXT of a part need a message/rfc822 and are those of its message; MIME
 * is the part's own header. A section that does not exist is empty.
 */
final class Sections {
  private Sections() {}

  /** A byte range of the message, or a header filtered by field names. */
  sealed interface Target {
    record Range(long start, long end) implements Target {}

    record Fields(long start, long end, List<String> names, boolean not) implements Target {}
  }

  static final Target EMPTY = new Target.Range(0, 0);

  static Target resolve(MimePart root, long messageSize, Section s) {
    if (s.part().isEmpty()) {
      return switch (s.kind()) {
        case ALL -> new Target.Range(0, messageSize);
        case HEADER -> new Target.Range(root.headerStart(), root.bodyStart());
        case TEXT -> new Target.Range(root.bodyStart(), root.bodyEnd());
        case HEADER_FIELDS -> fields(root, s, false);
        case HEADER_FIELDS_NOT -> fields(root, s, true);
        case MIME -> EMPTY;
      };
    }
    MimePart part = find(root, s.part());
    if (part == null) {
      return EMPTY;
    }
    switch (s.kind()) {
      case MIME:
        return new Target.Range(part.headerStart(), part.bodyStart());
      case ALL:
        return new Target.Range(part.bodyStart(), part.bodyEnd());
      default:
        break;
    }
    if (part.kind() != MimePart.Kind.MESSAGE) {
      return EMPTY;
    }
    MimePart msg = part.children().get(0);
    return switch (s.kind()) {
      case HEADER -> new Target.Range(msg.headerStart(), msg.bodyStart());
      case TEXT -> new Target.Range(msg.bodyStart(), msg.bodyEnd());
      case HEADER_FIELDS -> fields(msg, s, false);
      case HEADER_FIELDS_NOT -> fields(msg, s, true);
      default -> EMPTY;
    };
  }

  private static Target fields(MimePart msg, Section s, boolean not) {
    return new Target.Fields(msg.headerStart(), msg.bodyStart(), s.fields(), not);
  }

  /** The part a section number names, or null. */
  static MimePart find(MimePart root, List<Integer> numbers) {
    MimePart part = root;
    for (int i = 0; i < numbers.size() && part != null; i++) {
      int num = numbers.get(i);
      boolean more = i + 1 < numbers.size();
      if (part.kind() == MimePart.Kind.MULTIPART) {
        part = num >= 1 && num <= part.children().size() ? part.children().get(num - 1) : null;
      } else if (num != 1 || (more && part.kind() != MimePart.Kind.MESSAGE)) {
        part = null;
      }
      if (part != null && more && part.kind() == MimePart.Kind.MESSAGE) {
        part = part.children().get(0);
      }
    }
    return part;
  }

  /**
   * The fields of a header whose names are (or, with {@code not}, are not) in {@code names}, in
   * message order with their continuation lines, then a blank line; newlines as CRLF.
   */
  static byte[] filterHeader(InputStream header, List<String> names, boolean not)
      throws IOException {
    return filterHeader(new LineReader(header), names, not);
  }

  /** As {@link #filterHeader(InputStream, List, boolean)}, of a header in heap. */
  static byte[] filterHeader(byte[] header, int length, List<String> names, boolean not)
      throws IOException {
    return filterHeader(new LineReader(header, length), names, not);
  }

  private static byte[] filterHeader(LineReader r, List<String> names, boolean not)
      throws IOException {
    // an ASCII name as lower-case bytes, matched in place (no String per header line); any other
    // is compared as before, String to String ignoring case
    List<String> lowered = new ArrayList<>(names.size());
    byte[][] wanted = new byte[names.size()][];
    for (int i = 0; i < wanted.length; i++) {
      String n = names.get(i).toLowerCase(Locale.ROOT);
      lowered.add(n);
      byte[] b = new byte[n.length()];
      for (int k = 0; k < n.length() && b != null; k++) {
        char ch = n.charAt(k);
        if (ch < 0x80) {
          b[k] = (byte) ch;
        } else {
          b = null;
        }
      }
      wanted[i] = b;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean keep = false;
    while (r.next()) {
      boolean continuation =
          !r.lineStart || (r.len > 0 && (r.data[r.start] == ' ' || r.data[r.start] == '\t'));
      if (!continuation) {
        if (r.len == 0) {
          keep = false; // the blank line ending the header: one is added below
        } else {
          int colon = -1;
          for (int i = r.start; i < r.start + r.len; i++) {
            if (r.data[i] == ':') {
              colon = i;
              break;
            }
          }
          if (colon < 0) {
            keep = false;
          } else {
            int ne = colon;
            while (ne > r.start && (r.data[ne - 1] == ' ' || r.data[ne - 1] == '\t')) {
              ne--;
            }
            keep = named(lowered, wanted, r.data, r.start, ne - r.start) != not;
          }
        }
      }
      if (keep) {
        out.write(r.data, r.start, r.len);
        if (r.nl > 0) {
          out.write('\r');
          out.write('\n');
        }
      }
    }
    out.write('\r');
    out.write('\n');
    return out.toByteArray();
  }

  /**
   * Whether {@code data[from, from + length)} is one of {@code names}, ignoring case as
   * String.CASE_INSENSITIVE_ORDER does: by {@code ascii}'s bytes where a name has them.
   */
  private static boolean named(
      List<String> names, byte[][] ascii, byte[] data, int from, int length) {
    String asString = null;
    for (int k = 0; k < ascii.length; k++) {
      byte[] n = ascii[k];
      if (n == null) { // not ASCII: an unusual name, and a String for it
        if (asString == null) {
          asString = new String(data, from, length, StandardCharsets.ISO_8859_1);
        }
        if (names.get(k).equalsIgnoreCase(asString)) {
          return true;
        }
        continue;
      }
      if (n.length != length) {
        continue;
      }
      int i = 0;
      while (i < length && lower(data[from + i]) == n[i]) {
        i++;
      }
      if (i == length) {
        return true;
      }
    }
    return false;
  }

  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  static InputStream empty() {
    return new ByteArrayInputStream(new byte[0]);
  }
}
