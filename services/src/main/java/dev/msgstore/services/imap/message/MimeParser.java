package dev.msgstore.services.imap.message;

import dev.msgstore.services.imap.message.MimePart.Content;
import dev.msgstore.services.imap.message.MimePart.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A streaming MIME parser that keeps byte offsets, a port of Dovecot 2.3's message parser (so that
 * BODYSTRUCTURE and sections are Dovecot's answers, broken input included): a boundary line is any
 * line starting with "--" and a known boundary (the innermost, longest match wins); the [CR]LF
 * before it belongs to the boundary, even when it ends a header (a boundary cuts a header, also
 * right after its blank line); a missing closing boundary ends the parts at the end of the message;
 * Content-Type alone makes a part MIME, and a multipart's parts are MIME; multipart/digest parts
 * default to message/rfc822; past {@link #MAX_DEPTH} levels or {@link #MAX_PARTS} parts, a
 * multipart or message/rfc822 is left unparsed (TRUNCATED). Holds a line chunk and the kept header
 * fields (capped), never a body.
 */
final class MimeParser {
  static final int MAX_DEPTH = 100;
  static final int MAX_PARTS = 10_000;
  private static final int MAX_FIELD = 64 * 1024;
  private static final int MAX_BOUNDARY = 998;
  private static final String NUL_REPLACEMENT = "\u00ef\u00bf\u00bd";

  private final LineReader lines;
  private final Deque<Boundary> boundaries = new ArrayDeque<>(); // innermost first
  private Node current;
  private boolean inHeader;
  private long segmentStart; // where the current body (or epilogue) segment started
  private int prevNl; // newline bytes of the previous chunk
  private boolean skipLine; // the rest of a boundary line
  private boolean pendingBlank; // a header's blank line was read: the next line decides
  private int totalParts = 1;

  private MimeParser(InputStream in) {
    this.lines = new LineReader(in);
  }

  /** Parses a message; never throws for malformed MIME (only for I/O). */
  static MimePart parse(InputStream in) throws IOException {
    return new MimeParser(in).run();
  }

  private record Boundary(Node part, byte[] bytes) {}

  /** A part being parsed. */
  private static final class Node {
    final Node parent;
    final int depth;
    final long headerStart;
    long bodyStart = -1;
    long bodyEnd;
    long lfAtBodyStart;
    long lines;
    boolean isMime;
    boolean multipart;
    boolean digest;
    boolean message;
    boolean text;
    boolean truncated;
    boolean seenContentType;
    int lastHeaderNl; // the newline of this part's last header line, 0 before the first
    boolean decided; // its kind is known (at the blank line, a boundary or the end)
    String boundary;
    final Fields fields;
    final List<Node> children = new ArrayList<>();

    Node(Node parent, long headerStart) {
      this.parent = parent;
      this.depth = parent == null ? 0 : parent.depth + 1;
      this.headerStart = headerStart;
      this.fields = new Fields(parent == null || parent.message);
    }
  }

  private MimePart run() throws IOException {
    Node root = new Node(null, 0);
    current = root;
    inHeader = true;
    while (lines.next()) {
      if (inHeader) {
        headerChunk();
      } else {
        bodyChunk();
      }
      prevNl = lines.nl;
    }
    long eof = lines.offset;
    long lfTotal = lines.lfBefore;
    pendingBlank = false;
    // a message/rfc822 ending here still gets its (empty) message, as in Dovecot
    while (inHeader) {
      endHeader(eof, lfTotal);
    }
    for (Node n = current; n != null; n = n.parent) {
      n.bodyEnd = eof;
      n.lines = lfTotal - n.lfAtBodyStart;
    }
    return build(root);
  }

  private void headerChunk() throws IOException {
    if (pendingBlank) {
      // Dovecot reads a boundary right after the blank line as cutting the header there: the
      // blank line's newline is then the boundary's
      pendingBlank = false;
      Boundary b = lines.lineStart ? findBoundary() : null;
      if (b == null || b.part() == current) {
        endHeader(lines.offset, lines.lfBefore);
        if (inHeader) {
          headerChunk(); // an rfc822's message starts here
        } else {
          bodyChunk();
        }
        return;
      }
    }
    if (lines.lineStart) {
      Boundary b = findBoundary();
      if (b != null && b.part() != current) {
        // a boundary ends the header; the newline before it belongs to the boundary
        int nl = current.lastHeaderNl;
        long end = Math.max(lines.offset - nl, current.headerStart);
        long lf = lines.lfBefore - (nl > 0 ? 1 : 0);
        Node cut = current;
        current.fields.flush(current);
        endHeader(end, lf);
        while (inHeader) { // an rfc822's message, empty
          endHeader(current.headerStart, lf);
        }
        // the cut part (and an empty message in it) end before that newline; the parts above
        // it end after it, as Dovecot counts the newline in the parent's body
        while (current != cut) {
          finish(current, end, lf);
          current = current.parent;
        }
        finish(current, end, lf);
        current = current.parent;
        boundaryLine(b, true);
        return;
      }
      if (lines.len == 0 && lines.nl > 0) {
        decide(current, true);
        current.lastHeaderNl = lines.nl;
        pendingBlank = true;
        return;
      }
    }
    current.fields.chunk(current, lines, lines.lineStart, prevNl);
    current.lastHeaderNl = lines.nl;
  }

  private void bodyChunk() {
    if (skipLine) {
      skipLine = lines.nl == 0;
      if (!skipLine) {
        afterBoundaryLine();
      }
      return;
    }
    if (!lines.lineStart) {
      return;
    }
    Boundary b = findBoundary();
    if (b != null) {
      boundaryLine(b, lines.offset == segmentStart);
    }
  }

  private Boundary pending;
  private boolean pendingEpilogue;

  /** A boundary line at the current chunk: finishes the parts up to its owner. */
  private void boundaryLine(Boundary b, boolean firstLine) {
    long end;
    long lf;
    if (firstLine || prevNl == 0) {
      end = lines.offset;
      lf = lines.lfBefore;
    } else {
      end = lines.offset - prevNl;
      lf = lines.lfBefore - 1;
    }
    while (current != b.part()) {
      finish(current, end, lf);
      current = current.parent;
    }
    boolean epilogue = isEpilogue(b);
    while (boundaries.peek() != b) {
      boundaries.pop();
    }
    if (epilogue) {
      boundaries.pop();
    }
    pending = b;
    pendingEpilogue = epilogue;
    inHeader = false;
    skipLine = lines.nl == 0;
    if (!skipLine) {
      afterBoundaryLine();
    }
  }

  private void afterBoundaryLine() {
    long next = lines.end();
    if (!pendingEpilogue && boundaries.peek() == pending && pending.part() == current) {
      totalParts++;
      Node child = new Node(current, next);
      child.isMime = true; // a multipart's parts are MIME without a Mime-Version of their own
      current.children.add(child);
      current = child;
      inHeader = true;
    } else {
      segmentStart = next;
    }
    pending = null;
  }

  private static void finish(Node n, long end, long lf) {
    n.bodyEnd = Math.max(end, n.bodyStart);
    n.lines = Math.max(0, lf - n.lfAtBodyStart);
  }

  private boolean isEpilogue(Boundary b) {
    int after = lines.start + 2 + b.bytes().length;
    return lines.len >= 2 + b.bytes().length + 2
        && lines.data[after] == '-'
        && lines.data[after + 1] == '-';
  }

  private Boundary findBoundary() {
    if (boundaries.isEmpty() || totalParts >= MAX_PARTS || lines.len < 2) {
      return null;
    }
    byte[] d = lines.data;
    int s = lines.start;
    if (d[s] != '-' || d[s + 1] != '-') {
      return null;
    }
    int size = lines.len - 2;
    int from = s + 2;
    boolean trailingDashes =
        lines.nl > 0 && size > 2 && d[from + size - 1] == '-' && d[from + size - 2] == '-';
    Boundary best = null;
    for (Boundary b : boundaries) {
      byte[] bb = b.bytes();
      if (bb.length <= size
          && java.util.Arrays.equals(d, from, from + bb.length, bb, 0, bb.length)
          && (best == null || best.bytes().length < bb.length)) {
        best = b;
        if (bb.length == size || (trailingDashes && bb.length + 2 == size)) {
          break;
        }
      }
    }
    return best;
  }

  /** The end of the current part's header at {@code end}; decides what its body is. */
  private void endHeader(long end, long lfAtEnd) {
    Node n = current;
    decide(n, false);
    n.bodyStart = end;
    n.lfAtBodyStart = lfAtEnd;
    segmentStart = end;
    inHeader = false;
    if (n.message) {
      if (n.depth + 1 < MAX_DEPTH && totalParts < MAX_PARTS) {
        totalParts++;
        Node child = new Node(n, end);
        n.children.add(child);
        current = child;
        inHeader = true;
      } else {
        n.message = false;
        n.truncated = true;
      }
    }
  }

  /**
   * What a part is, once its header ended: at its blank line ({@code atBlank}, when a multipart's
   * own boundary becomes known), at a boundary or at the end of the message.
   */
  private void decide(Node n, boolean atBlank) {
    if (n.decided) {
      return;
    }
    n.decided = true;
    n.fields.flush(n);
    if (!n.isMime) {
      n.multipart = false;
      n.digest = false;
      n.message = false;
      n.text = false;
      n.boundary = null;
      n.fields.forgetContent();
    }
    if (!n.seenContentType || !n.isMime) {
      if (n.parent != null && n.parent.digest) {
        n.message = true;
      } else {
        n.text = true;
      }
    }
    if (atBlank && n.multipart && n.boundary != null) {
      if (n.depth + 1 < MAX_DEPTH) {
        boundaries.push(new Boundary(n, n.boundary.getBytes(StandardCharsets.ISO_8859_1)));
      } else {
        n.multipart = false;
        n.truncated = true;
      }
    }
  }

  /** The header fields of a part that matter here, kept as they come (values capped). */
  private static final class Fields {
    private final boolean wantEnvelope;
    private String name; // the field being read; null for none or an ignored one
    private final StringBuilder value = new StringBuilder();
    String contentType;
    String encoding;
    String id;
    String description;
    String md5;
    String disposition;
    String language;
    String location;
    String date;
    String subject;
    String inReplyTo;
    String messageId;
    List<String> from;
    List<String> sender;
    List<String> replyTo;
    List<String> to;
    List<String> cc;
    List<String> bcc;

    Fields(boolean wantEnvelope) {
      this.wantEnvelope = wantEnvelope;
    }

    void chunk(Node n, LineReader r, boolean lineStart, int prevNl) {
      byte[] d = r.data;
      int s = r.start;
      int len = r.len;
      if (!lineStart || (len > 0 && (d[s] == ' ' || d[s] == '\t'))) {
        if (name != null) {
          if (lineStart && value.length() < MAX_FIELD) {
            // the folding newline stays in the value, as in Dovecot's full_value
            value.append(prevNl == 2 ? "\r\n" : "\n");
          }
          append(d, s, len);
        }
        return;
      }
      flush(n);
      int colon = -1;
      for (int i = s; i < s + len; i++) {
        if (d[i] == ':') {
          colon = i;
          break;
        }
      }
      if (colon < 0) {
        return; // not a field: Dovecot keeps it as a broken header, nothing to use here
      }
      int ne = colon;
      while (ne > s && (d[ne - 1] == ' ' || d[ne - 1] == '\t')) {
        ne--;
      }
      String n0 = new String(d, s, ne - s, StandardCharsets.ISO_8859_1);
      if (!wanted(n0)) {
        name = null;
        return;
      }
      name = n0;
      int v = colon + 1;
      while (v < s + len && (d[v] == ' ' || d[v] == '\t')) {
        v++;
      }
      append(d, v, s + len - v);
    }

    private boolean wanted(String n) {
      String l = n.toLowerCase(Locale.ROOT);
      if (l.startsWith("content-") || l.equals("mime-version")) {
        return true;
      }
      return wantEnvelope
          && switch (l) {
            case "date",
                "subject",
                "from",
                "sender",
                "reply-to",
                "to",
                "cc",
                "bcc",
                "in-reply-to",
                "message-id" ->
                true;
            default -> false;
          };
    }

    private void append(byte[] d, int s, int len) {
      int room = MAX_FIELD - value.length();
      for (int i = s; i < s + Math.min(len, Math.max(room, 0)); i++) {
        if (d[i] == 0) {
          value.append(NUL_REPLACEMENT); // as Dovecot does, U+FFFD in UTF-8
        } else {
          value.append((char) (d[i] & 0xff));
        }
      }
    }

    /** The field read so far is complete. */
    void flush(Node n) {
      if (name == null) {
        return;
      }
      String v = value.toString();
      value.setLength(0);
      String l = name.toLowerCase(Locale.ROOT);
      name = null;
      switch (l) {
        case "mime-version" -> n.isMime = true;
        case "content-type" -> {
          n.isMime = true;
          if (contentType == null) {
            contentType = v;
            n.seenContentType = true;
            ContentFields.ContentType ct = ContentFields.contentType(v);
            String t = (ct.type() + "/" + ct.subtype()).toLowerCase(Locale.ROOT);
            if (t.equals("message/rfc822")) {
              n.message = true;
            } else if (ct.type().equalsIgnoreCase("text")) {
              n.text = true;
            } else if (ct.type().equalsIgnoreCase("multipart")) {
              n.multipart = true;
              n.digest = ct.subtype().equalsIgnoreCase("digest");
              for (ContentFields.Param p : ct.params()) {
                if (p.name().equalsIgnoreCase("boundary")) {
                  String b = p.value();
                  n.boundary = b.length() > MAX_BOUNDARY ? b.substring(0, MAX_BOUNDARY) : b;
                  break;
                }
              }
            }
          }
        }
        case "content-transfer-encoding" -> encoding = first(encoding, v);
        case "content-id" -> id = first(id, v);
        case "content-description" -> description = first(description, v);
        case "content-md5" -> md5 = first(md5, v);
        case "content-disposition" -> {
          // Dovecot takes a later one while the one it has has no parameters
          ContentFields.Disposition had =
              disposition == null ? null : ContentFields.disposition(disposition);
          if (had == null || had.params().isEmpty()) {
            disposition = v;
          }
        }
        case "content-language" -> language = first(language, v);
        case "content-location" -> location = first(location, v);
        case "date" -> date = v;
        case "subject" -> subject = v;
        case "in-reply-to" -> inReplyTo = v;
        case "message-id" -> messageId = v;
        case "from" -> from = join(from, v);
        case "sender" -> sender = join(sender, v);
        case "reply-to" -> replyTo = join(replyTo, v);
        case "to" -> to = join(to, v);
        case "cc" -> cc = join(cc, v);
        case "bcc" -> bcc = join(bcc, v);
        default -> {}
      }
    }

    void forgetContent() {
      contentType = null;
      encoding = null;
      id = null;
      description = null;
      md5 = null;
      disposition = null;
      language = null;
      location = null;
    }

    private static String first(String old, String v) {
      return old != null ? old : v;
    }

    /** Several headers of one name: each parsed on its own, the lists joined (Dovecot). */
    private static List<String> join(List<String> old, String v) {
      List<String> l = old == null ? new ArrayList<>() : old;
      if (l.size() < 100) {
        l.add(v);
      }
      return l;
    }

    Content content() {
      if (contentType == null
          && encoding == null
          && id == null
          && description == null
          && md5 == null
          && disposition == null
          && language == null
          && location == null) {
        return Content.NONE;
      }
      String type = null;
      String subtype = null;
      List<ContentFields.Param> params = List.of();
      if (contentType != null) {
        ContentFields.ContentType ct = ContentFields.contentType(contentType);
        type = ct.type();
        subtype = ct.subtype();
        params = ct.params();
      }
      ContentFields.Disposition d =
          disposition == null ? null : ContentFields.disposition(disposition);
      return new Content(
          type,
          subtype,
          params,
          id,
          description,
          encoding == null ? null : ContentFields.transferEncoding(encoding),
          md5,
          d == null ? null : d.type(),
          d == null ? List.of() : d.params(),
          language == null ? null : ContentFields.languages(language),
          location);
    }

    Envelope envelope() {
      return new Envelope(
          date,
          subject,
          addresses(from),
          addresses(sender),
          addresses(replyTo),
          addresses(to),
          addresses(cc),
          addresses(bcc),
          inReplyTo,
          messageId);
    }

    private static List<Address> addresses(List<String> values) {
      if (values == null) {
        return null;
      }
      List<Address> all = new ArrayList<>();
      for (String v : values) {
        all.addAll(Address.parseList(v));
      }
      return List.copyOf(all);
    }
  }

  private static MimePart build(Node n) {
    List<MimePart> children = new ArrayList<>(n.children.size());
    for (Node c : n.children) {
      children.add(build(c));
    }
    Kind kind;
    if (n.truncated) {
      kind = Kind.TRUNCATED;
    } else if (n.multipart) {
      kind = Kind.MULTIPART;
    } else if (n.message && !children.isEmpty()) {
      kind = Kind.MESSAGE;
    } else if (n.text) {
      kind = Kind.TEXT;
    } else {
      kind = Kind.OTHER;
    }
    if (kind != Kind.MULTIPART && kind != Kind.MESSAGE) {
      children = List.of();
    }
    Envelope env = n.fields.wantEnvelope ? n.fields.envelope() : null;
    return new MimePart(
        n.headerStart,
        n.bodyStart < 0 ? n.headerStart : n.bodyStart,
        Math.max(n.bodyEnd, n.bodyStart),
        n.lines,
        kind,
        n.fields.content(),
        env,
        children);
  }
}
