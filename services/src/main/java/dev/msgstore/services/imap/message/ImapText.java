package dev.msgstore.services.imap.message;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes ENVELOPE and BODY/BODYSTRUCTURE text as Dovecot does. They are rendered here, into one
 * {@link FetchValue.Atom}, rather than as a {@link FetchValue.Group} tree, because RFC 3501's
 * grammar puts no space between the bodies of a multipart or the addresses of an address list,
 * which a list written with spaces between its items cannot express. Byte strings (one char a byte)
 * are written quoted when they are 7-bit and plain, else as a literal of their bytes (read as
 * UTF-8, the encoding the response encoder writes an atom in).
 */
final class ImapText {
  private ImapText() {}

  static void string(StringBuilder out, String raw) {
    boolean quotable = raw.length() < 1024;
    for (int i = 0; quotable && i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= 0x80 || c == '\r' || c == '\n' || c == 0) {
        quotable = false;
      }
    }
    if (quotable) {
      out.append('"');
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
      return;
    }
    String text = Charsets.readable(raw);
    if (text == raw && !Charsets.isAscii(raw)) {
      // not UTF-8: what a client can display of it, in the encoding the atom is written in
      text = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
    out.append('{')
        .append(text.getBytes(StandardCharsets.UTF_8).length)
        .append("}\r\n")
        .append(text);
  }

  static void nstring(StringBuilder out, String raw) {
    if (raw == null) {
      out.append("NIL");
    } else {
      string(out, raw);
    }
  }

  /** Subjects and display names: controls to spaces, runs of spaces to one, trimmed. */
  static void forHumans(StringBuilder out, String raw) {
    if (raw == null) {
      out.append("NIL");
      return;
    }
    StringBuilder s = new StringBuilder(raw.length());
    boolean space = true;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\t' || c == '\r' || c == '\n' || c == ' ') {
        if (!space) {
          s.append(' ');
          space = true;
        }
      } else {
        s.append(c);
        space = false;
      }
    }
    if (s.length() > 0 && s.charAt(s.length() - 1) == ' ') {
      s.setLength(s.length() - 1);
    }
    string(out, s.toString());
  }

  static void envelope(StringBuilder out, Envelope e) {
    if (e == null) {
      out.append("NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL");
      return;
    }
    nstring(out, e.date());
    out.append(' ');
    forHumans(out, e.subject());
    out.append(' ');
    addresses(out, e.from());
    out.append(' ');
    addresses(out, orElse(e.sender(), e.from()));
    out.append(' ');
    addresses(out, orElse(e.replyTo(), e.from()));
    out.append(' ');
    addresses(out, e.to());
    out.append(' ');
    addresses(out, e.cc());
    out.append(' ');
    addresses(out, e.bcc());
    out.append(' ');
    nstring(out, e.inReplyTo());
    out.append(' ');
    nstring(out, e.messageId());
  }

  private static List<Address> orElse(List<Address> a, List<Address> b) {
    return a == null || a.isEmpty() ? b : a;
  }

  private static void addresses(StringBuilder out, List<Address> list) {
    if (list == null || list.isEmpty()) {
      out.append("NIL");
      return;
    }
    out.append('(');
    for (Address a : list) {
      out.append('(');
      forHumans(out, a.name());
      out.append(' ');
      nstring(out, a.route());
      out.append(' ');
      nstring(out, a.mailbox());
      out.append(' ');
      nstring(out, a.domain());
      out.append(')');
    }
    out.append(')');
  }

  private static final String EMPTY_BODY =
      "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)";
  private static final String EMPTY_BODYSTRUCTURE =
      "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)";

  static void body(StringBuilder out, MimePart p, boolean extended) {
    out.append('(');
    if (p.kind() == MimePart.Kind.MULTIPART) {
      multipart(out, p, extended);
    } else {
      single(out, p, extended);
    }
    out.append(')');
  }

  private static void multipart(StringBuilder out, MimePart p, boolean extended) {
    MimePart.Content c = p.content();
    if (p.children().isEmpty()) {
      out.append(extended ? EMPTY_BODYSTRUCTURE : EMPTY_BODY);
    } else {
      for (MimePart child : p.children()) {
        body(out, child, extended);
      }
    }
    out.append(' ');
    string(out, c.subtype() == null ? "x-unknown" : c.subtype());
    if (!extended) {
      return;
    }
    out.append(' ');
    params(out, c.params(), false);
    common(out, c);
  }

  private static void single(StringBuilder out, MimePart p, boolean extended) {
    MimePart.Content c = p.content();
    boolean text = false;
    switch (p.kind()) {
      case MESSAGE -> out.append("\"message\" \"rfc822\"");
      case TRUNCATED -> out.append("\"application\" \"octet-stream\"");
      default -> {
        if (c.type() == null) {
          text = true;
          out.append("\"text\" \"plain\"");
        } else {
          text = c.type().equalsIgnoreCase("text");
          string(out, c.type());
          out.append(' ');
          string(out, c.subtype());
        }
      }
    }
    out.append(' ');
    params(out, c.params(), text);
    out.append(' ');
    nstring(out, c.id());
    out.append(' ');
    nstring(out, c.description());
    out.append(' ');
    if (c.encoding() != null) {
      string(out, c.encoding());
    } else {
      out.append("\"7bit\"");
    }
    out.append(' ').append(p.bodySize());
    if (text) {
      out.append(' ').append(p.lines());
    } else if (p.kind() == MimePart.Kind.MESSAGE) {
      MimePart child = p.children().get(0);
      out.append(" (");
      envelope(out, child.envelope());
      out.append(") ");
      body(out, child, extended);
      out.append(' ').append(p.lines());
    }
    if (!extended) {
      return;
    }
    out.append(' ');
    nstring(out, c.md5());
    common(out, c);
  }

  private static void common(StringBuilder out, MimePart.Content c) {
    out.append(' ');
    if (c.disposition() == null) {
      out.append("NIL");
    } else {
      out.append('(');
      string(out, c.disposition());
      out.append(' ');
      params(out, c.dispositionParams(), false);
      out.append(')');
    }
    out.append(' ');
    if (c.language() == null) {
      out.append("NIL");
    } else {
      out.append('(');
      for (int i = 0; i < c.language().size(); i++) {
        if (i > 0) {
          out.append(' ');
        }
        string(out, c.language().get(i));
      }
      out.append(')');
    }
    out.append(' ');
    nstring(out, c.location());
  }

  private static void params(
      StringBuilder out, List<ContentFields.Param> params, boolean defaultCharset) {
    if (!defaultCharset && params.isEmpty()) {
      out.append("NIL");
      return;
    }
    out.append('(');
    boolean seenCharset = false;
    for (int i = 0; i < params.size(); i++) {
      ContentFields.Param p = params.get(i);
      if (i > 0) {
        out.append(' ');
      }
      seenCharset |= p.name().equalsIgnoreCase("charset");
      string(out, p.name());
      out.append(' ');
      string(out, p.value());
    }
    if (defaultCharset && !seenCharset) {
      if (!params.isEmpty()) {
        out.append(' ');
      }
      out.append("\"charset\" \"us-ascii\"");
    }
    out.append(')');
  }
}
