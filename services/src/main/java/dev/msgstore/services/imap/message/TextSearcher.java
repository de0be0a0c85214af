package dev.msgstore.services.imap.message;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/**
 * SEARCH HEADER, BODY and TEXT over one pass of a message's bytes, guided by its parsed structure,
 * with Dovecot 2.3's rules (index-search.c, message-search.c, message-decoder.c):
 *
 * <ul>
 *   <li>HEADER: the top header's fields of that name, RFC 2047-decoded; an empty needle asks only
 *       that the field exists. An address field also matches in its normalised form ("Name
 *       <user@domain>", groups as "group: ...;"), as FROM/TO/CC/BCC do, and any field with its
 *       white space runs as single spaces, as SUBJECT does.
 *   <li>BODY: the bodies of the parts whose (last) Content-Type is text/* or message/* or absent,
 *       decoded from their Content-Transfer-Encoding (Mime4j's decoders; an unknown one is not
 *       searched) and from their charset (the first Content-Type's; UTF-8 when none).
 *   <li>TEXT: as BODY, each part preceded by its header fields ("Name: decoded value\r\n"), so the
 *       message's header and every part's.
 * </ul>
 *
 * Case-insensitive substrings; a match does not span two parts.
 */
final class TextSearcher {
  private static final int MAX_FIELD = 64 * 1024;
  private static final Set<String> ADDRESS_FIELDS =
      Set.of(
          "from",
          "to",
          "cc",
          "bcc",
          "sender",
          "reply-to",
          "resent-from",
          "resent-to",
          "resent-cc",
          "resent-bcc",
          "resent-sender");

  private TextSearcher() {}

  static boolean matches(MimePart root, InputStream message, TextSearch search) throws IOException {
    String n = search.needle() == null ? "" : search.needle();
    Folding needle = new Folding(n);
    Cursor in = new Cursor(message);
    if (search.where() == TextSearch.Where.HEADER) {
      return header(in.range(root.headerStart(), root.bodyStart()), search.header(), needle);
    }
    if (needle.isEmpty()) {
      return true; // Dovecot treats an empty BODY or TEXT key as matching
    }
    return walk(root, in, needle, search.where() == TextSearch.Where.TEXT);
  }

  private static boolean header(InputStream header, String name, Folding needle)
      throws IOException {
    boolean[] found = new boolean[1];
    fields(
        header,
        (n, middle, raw) -> {
          if (name == null || n.equalsIgnoreCase(name)) {
            found[0] =
                needle.isEmpty()
                    || needle.in(decodeWords(raw))
                    || needle.in(decodeWords(compressLwsp(raw)))
                    || (ADDRESS_FIELDS.contains(n.toLowerCase(Locale.ROOT))
                        && needle.in(addresses(Address.parseList(raw))));
          }
          return !found[0];
        });
    return found[0];
  }

  /** What the searcher knows of a part from its own header, as Dovecot's decoder reads it. */
  private static final class PartInfo {
    boolean text = true; // no Content-Type: text/plain
    boolean seenType;
    String charset;
    String encoding = "7bit";
  }

  private static boolean walk(MimePart p, Cursor in, Folding needle, boolean withHeaders)
      throws IOException {
    needle.reset(); // a new part
    PartInfo info = new PartInfo();
    boolean[] found = new boolean[1];
    fields(
        in.range(p.headerStart(), p.bodyStart()),
        (n, middle, raw) -> {
          if (n.equalsIgnoreCase("Content-Type")) {
            ContentFields.ContentType ct = ContentFields.contentType(raw);
            String type = ct.type().toLowerCase(Locale.ROOT);
            // "text/..." or "message/..." as parsed; a broken one is neither
            info.text = !ct.subtype().isEmpty() && (type.equals("text") || type.equals("message"));
            if (!info.seenType) {
              info.seenType = true;
              for (ContentFields.Param param : ct.params()) {
                if (param.name().equalsIgnoreCase("charset")) {
                  info.charset = param.value();
                  break;
                }
              }
            }
          } else if (n.equalsIgnoreCase("Content-Transfer-Encoding")) {
            info.encoding = transferEncoding(raw);
          }
          if (withHeaders && !found[0]) {
            found[0] = feed(needle, n + middle + decodeWords(raw) + "\r\n");
          }
          return true;
        });
    if (found[0] || (withHeaders && feed(needle, "\r\n"))) {
      return true;
    }
    switch (p.kind()) {
      case MULTIPART -> {
        for (MimePart c : p.children()) {
          if (walk(c, in, needle, withHeaders)) {
            return true;
          }
        }
        return false;
      }
      case MESSAGE -> {
        return walk(p.children().get(0), in, needle, withHeaders);
      }
      default -> {
        if (!info.text || info.encoding == null) {
          return false;
        }
        return body(in.range(p.bodyStart(), p.bodyEnd()), info, needle);
      }
    }
  }

  private static boolean feed(Folding needle, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (needle.feed(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Dovecot's CTE rule: one token (parameters tolerated); null when unknown. */
  private static String transferEncoding(String raw) {
    Rfc822Parser p = new Rfc822Parser(raw, false);
    p.skipLwsp();
    StringBuilder t = new StringBuilder();
    if (p.mimeToken(t) == 1) {
      p.skipLwsp();
      if (p.cur() != ';') {
        return null;
      }
    }
    String e = t.toString().toLowerCase(Locale.ROOT);
    return switch (e) {
      case "7bit", "8bit", "binary", "base64", "quoted-printable" -> e;
      default -> null;
    };
  }

  private static boolean body(InputStream raw, PartInfo info, Folding needle) throws IOException {
    InputStream decoded = decode(raw, info.encoding);
    Charset cs = Charsets.lookup(info.charset);
    if (cs == null || cs.equals(StandardCharsets.US_ASCII)) {
      cs = StandardCharsets.UTF_8; // a superset; 8-bit bytes in "us-ascii" text are usually UTF-8
    }
    Reader r =
        new InputStreamReader(
            decoded,
            cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    char[] buf = new char[8192];
    for (int n; (n = r.read(buf)) > 0; ) {
      for (int i = 0; i < n; i++) {
        if (needle.feed(buf[i])) {
          return true;
        }
      }
    }
    return false;
  }

  /** A body with its transfer encoding undone (Mime4j's decoders); others as they are. */
  static InputStream decode(InputStream raw, String lowerCaseEncoding) {
    return switch (lowerCaseEncoding) {
      case "base64" -> new Base64InputStream(raw, DecodeMonitor.SILENT);
      case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
      default -> raw;
    };
  }

  /** Runs of spaces and tabs as one space, none leading: SUBJECT's form. */
  static String compressLwsp(String raw) {
    StringBuilder b = new StringBuilder(raw.length());
    boolean prev = true;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == ' ' || c == '\t') {
        if (!prev) {
          b.append(' ');
          prev = true;
        }
      } else {
        b.append(c);
        prev = false;
      }
    }
    return b.toString();
  }

  /** RFC 2047 encoded words decoded (Mime4j), the rest read as UTF-8 where it is. */
  static String decodeWords(String byteString) {
    String text = Charsets.readable(byteString);
    try {
      return DecoderUtil.decodeEncodedWords(text, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return text;
    }
  }

  /**
   * Addresses as Dovecot's message_address_write puts them: "Name <user@domain>" or "user@domain",
   * groups as "group: ...;", joined by ", ".
   */
  static String addresses(List<Address> list) {
    StringBuilder b = new StringBuilder();
    boolean first = true;
    boolean inGroup = false;
    for (Address a : list) {
      if (a.isGroupEnd()) {
        b.append(';');
        inGroup = false;
        continue;
      }
      if (!first && !(inGroup && b.charAt(b.length() - 1) == ' ')) {
        b.append(", ");
      }
      first = false;
      if (a.isGroupStart()) {
        b.append(a.mailbox()).append(": ");
        inGroup = true;
        continue;
      }
      String addr = a.mailbox() + "@" + a.domain();
      if (a.name() != null) {
        b.append(a.name()).append(" <").append(addr).append('>');
      } else {
        b.append(addr);
      }
    }
    return decodeWords(b.toString());
  }

  interface FieldVisitor {
    /** A field: its name, what separates name and value, the value; returns false to stop. */
    boolean field(String name, String middle, String rawValue);
  }

  /**
   * The fields of a header in order, each value unfolded as Dovecot's searches read it (values
   * capped).
   */
  static void fields(InputStream header, FieldVisitor visitor) throws IOException {
    LineReader r = new LineReader(header);
    String name = null;
    String middle = ": ";
    StringBuilder value = new StringBuilder();
    while (r.next()) {
      boolean continuation =
          !r.lineStart || (r.len > 0 && (r.data[r.start] == ' ' || r.data[r.start] == '\t'));
      if (continuation) {
        if (name != null) {
          // unfolded as Dovecot's searches read headers: no newline, a leading tab as a space
          if (r.lineStart && r.len > 0 && r.data[r.start] == '\t') {
            value.append(' ');
            append(value, r.data, r.start + 1, r.len - 1);
          } else {
            append(value, r.data, r.start, r.len);
          }
        }
        continue;
      }
      if (name != null && !visitor.field(name, middle, value.toString())) {
        return;
      }
      name = null;
      value.setLength(0);
      int colon = -1;
      for (int i = r.start; i < r.start + r.len; i++) {
        if (r.data[i] == ':') {
          colon = i;
          break;
        }
      }
      if (colon < 0) {
        // no colon: Dovecot keeps the line as a field without a name
        name = "";
        middle = "";
        append(value, r.data, r.start, r.len);
        continue;
      }
      int ne = colon;
      while (ne > r.start && (r.data[ne - 1] == ' ' || r.data[ne - 1] == '\t')) {
        ne--;
      }
      name = new String(r.data, r.start, ne - r.start, StandardCharsets.ISO_8859_1);
      int v = colon + 1;
      while (v < r.start + r.len && (r.data[v] == ' ' || r.data[v] == '\t')) {
        v++;
      }
      middle = new String(r.data, ne, v - ne, StandardCharsets.ISO_8859_1);
      append(value, r.data, v, r.start + r.len - v);
    }
    if (name != null) {
      visitor.field(name, middle, value.toString());
    }
  }

  private static void append(StringBuilder value, byte[] d, int s, int len) {
    int n = Math.min(len, MAX_FIELD - value.length());
    for (int i = s; i < s + n; i++) {
      value.append((char) (d[i] & 0xff));
    }
  }

  /** A stream read forward in ranges; ranges must come in increasing order. */
  static final class Cursor {
    private final InputStream in;
    private long pos;

    Cursor(InputStream in) {
      this.in = in;
    }

    InputStream range(long start, long end) throws IOException {
      if (start > pos) {
        in.skipNBytes(start - pos);
        pos = start;
      }
      long[] left = {Math.max(0, end - Math.max(start, pos))};
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          if (left[0] <= 0) {
            return -1;
          }
          int b = in.read();
          if (b >= 0) {
            left[0]--;
            pos++;
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (left[0] <= 0) {
            return -1;
          }
          int n = in.read(b, off, (int) Math.min(len, left[0]));
          if (n > 0) {
            left[0] -= n;
            pos += n;
          }
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          long k = in.skip(Math.min(n, left[0]));
          left[0] -= k;
          pos += k;
          return k;
        }

        @Override
        public int available() {
          return 0;
        }

        @Override
        public void close() {}
      };
    }
  }
}
