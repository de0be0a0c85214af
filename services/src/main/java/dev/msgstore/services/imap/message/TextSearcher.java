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
 * SEARCH HEADER, BODY and TEXT over one pass of a message's bytes, guided by its parsed structure:
 * header values unfolded and RFC 2047-decoded (address fields matched in their normalised form,
 * "Name <user@domain>", as Dovecot does), bodies decoded from base64 and quoted-printable (Mime4j's
 * streams) and from their charset; case-insensitive substrings. BODY is the text of every part (no
 * headers); TEXT adds every header, the message's and its parts'.
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
    Folding needle = new Folding(search.needle() == null ? "" : search.needle());
    Cursor in = new Cursor(message);
    return switch (search.where()) {
      case HEADER ->
          header(in.range(root.headerStart(), root.bodyStart()), search.header(), needle);
      case BODY -> walk(root, in, needle, false, true);
      case TEXT -> walk(root, in, needle, true, true);
    };
  }

  private static boolean header(InputStream header, String name, Folding needle)
      throws IOException {
    boolean[] found = new boolean[1];
    fields(
        header,
        (n, raw) -> {
          if (name == null || n.equalsIgnoreCase(name)) {
            if (needle.isEmpty() || needle.in(decodeField(n, raw))) {
              found[0] = true;
            }
          }
          return !found[0];
        });
    return found[0];
  }

  private static boolean walk(
      MimePart p, Cursor in, Folding needle, boolean headers, boolean topLevel) throws IOException {
    if (headers) {
      boolean[] found = new boolean[1];
      fields(
          in.range(p.headerStart(), p.bodyStart()),
          (n, raw) -> {
            found[0] = needle.in(n + ": " + decodeField(n, raw));
            return !found[0];
          });
      if (found[0]) {
        return true;
      }
    }
    switch (p.kind()) {
      case MULTIPART -> {
        for (MimePart c : p.children()) {
          if (walk(c, in, needle, headers, false)) {
            return true;
          }
        }
        return false;
      }
      case MESSAGE -> {
        return walk(p.children().get(0), in, needle, headers, false);
      }
      default -> {
        return body(p, in.range(p.bodyStart(), p.bodyEnd()), needle);
      }
    }
  }

  private static boolean body(MimePart p, InputStream raw, Folding needle) throws IOException {
    MimePart.Content c = p.content();
    String enc = c.encoding() == null ? "" : c.encoding().toLowerCase(Locale.ROOT);
    InputStream decoded =
        switch (enc) {
          case "base64" -> new Base64InputStream(raw, DecodeMonitor.SILENT);
          case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
          default -> raw;
        };
    Charset cs = null;
    for (ContentFields.Param param : c.params()) {
      if (param.name().equalsIgnoreCase("charset")) {
        cs = Charsets.lookup(param.value());
      }
    }
    if (cs == null || cs.equals(StandardCharsets.US_ASCII)) {
      cs = StandardCharsets.UTF_8; // a superset; 8-bit bytes in "us-ascii" text are usually UTF-8
    }
    Reader r =
        new InputStreamReader(
            decoded,
            cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    needle.reset();
    char[] buf = new char[8192];
    for (int n; (n = r.read(buf)) > 0; ) {
      for (int i = 0; i < n; i++) {
        if (needle.feed(buf[i])) {
          return true;
        }
      }
    }
    return needle.isEmpty();
  }

  /** A header field's value as searched: decoded words, addresses normalised. */
  static String decodeField(String name, String raw) {
    String unfolded = raw.replace("\r", "").replace("\n", "");
    if (ADDRESS_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
      return addresses(Address.parseList(unfolded));
    }
    return decodeWords(unfolded);
  }

  private static String decodeWords(String byteString) {
    String text = Charsets.readable(byteString);
    try {
      return DecoderUtil.decodeEncodedWords(text, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return text;
    }
  }

  /** Addresses as "Name <user@domain>", groups as "group: ...;", joined by ", ". */
  static String addresses(List<Address> list) {
    StringBuilder b = new StringBuilder();
    boolean groupFirst = false;
    for (Address a : list) {
      if (a.isGroupEnd()) {
        b.append(';');
        continue;
      }
      if (b.length() > 0 && !groupFirst) {
        b.append(", ");
      }
      groupFirst = false;
      if (a.isGroupStart()) {
        b.append(decodeWords(a.mailbox())).append(": ");
        groupFirst = true;
        continue;
      }
      String addr = a.mailbox() + "@" + a.domain();
      if (a.name() != null) {
        b.append(decodeWords(a.name())).append(" <").append(addr).append('>');
      } else {
        b.append(addr);
      }
    }
    return Charsets.readable(b.toString());
  }

  interface FieldVisitor {
    /** Returns false to stop. */
    boolean field(String name, String rawValue);
  }

  /** The fields of a header, unfolded (values capped), in order. */
  static void fields(InputStream header, FieldVisitor visitor) throws IOException {
    LineReader r = new LineReader(header);
    String name = null;
    StringBuilder value = new StringBuilder();
    while (r.next()) {
      boolean continuation =
          !r.lineStart || (r.len > 0 && (r.data[r.start] == ' ' || r.data[r.start] == '\t'));
      if (continuation) {
        if (name != null) {
          append(value, r.data, r.start, r.len);
        }
        continue;
      }
      if (name != null && !visitor.field(name, value.toString())) {
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
      append(value, r.data, v, r.start + r.len - v);
    }
    if (name != null) {
      visitor.field(name, value.toString());
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
