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

  /** Dovecot's imap_append_nstring: quoted, unless CR, LF, 8-bit or many quoted-specials. */
  static void string(StringBuilder out, String raw) {
    int escapes = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"' || c == '\\') {
        if (escapes++ < 4) {
          continue;
        }
        literal(out, raw);
        return;
      }
      if (c == '\r' || c == '\n' || c >= 0x80) {
        literal(out, raw);
        return;
      }
    }
    out.append('"');
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  /**
   * A literal of a byte string's bytes, in the UTF-8 the atom is written in: exact when the bytes
   * are UTF-8; other bytes become U+FFFD (counted as written).
   */
  static void literal(StringBuilder out, String raw) {
    String text = Charsets.readable(raw);
    if (text == raw && !Charsets.isAscii(raw)) {
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

  /** Dovecot's imap_append_nstring_nolf: newlines out (a space where one would join words). */
  static void nstringNolf(StringBuilder out, String raw) {
    if (raw == null || (raw.indexOf('\r') < 0 && raw.indexOf('\n') < 0)) {
      nstring(out, raw);
      return;
    }
    StringBuilder s = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\r' && c != '\n') {
        s.append(c);
      } else {
        char next = i + 1 < raw.length() ? raw.charAt(i + 1) : '\0';
        if (next != ' ' && next != '\t' && next != '\r' && next != '\n' && next != '\0') {
          s.append(' ');
        }
      }
    }
    string(out, s.toString());
  }

  /**
   * Dovecot's imap_append_string_for_humans (subjects, display names): as it is when plain, else a
   * literal with controls as spaces, runs of white space as one, the ends trimmed.
   */
  static void forHumans(StringBuilder out, String raw) {
    if (raw == null) {
      out.append("NIL");
      return;
    }
    int size = raw.length();
    int remove = 0;
    boolean prefix = true;
    boolean lwsp = true;
    boolean modify = false;
    for (int i = 0; i < size; i++) {
      char c = raw.charAt(i);
      switch (c) {
        case 0 -> {
          lwsp = false;
          modify = true;
        }
        case '\r', '\n', '\t', ' ' -> {
          if (c != ' ') {
            modify = true;
          }
          if (lwsp) {
            modify = true;
            remove++;
          }
          lwsp = true;
        }
        case '"', '\\' -> {
          modify = true;
          lwsp = false;
        }
        default -> {
          if (c >= 0x80) {
            modify = true;
          }
          lwsp = false;
        }
      }
      if (!lwsp) {
        prefix = false;
      }
    }
    if (lwsp && size > 0 && !prefix) {
      modify = true;
      remove++;
    }
    if (!modify) {
      out.append('"').append(raw).append('"');
      return;
    }
    if (size == remove) {
      out.append("\"\"");
      return;
    }
    StringBuilder s = new StringBuilder(size);
    lwsp = true;
    prefix = true;
    for (int i = 0; i < size; i++) {
      char c = raw.charAt(i);
      switch (c) {
        case 0 -> {
          s.append((char) 0x80);
          lwsp = false;
        }
        case '\r', '\n', '\t', ' ' -> {
          if (!lwsp) {
            s.append(' ');
          }
          lwsp = true;
        }
        default -> {
          lwsp = false;
          s.append(c);
        }
      }
      if (!lwsp) {
        prefix = false;
      }
    }
    if (lwsp && size > 0 && !prefix) {
      s.setLength(s.length() - 1);
    }
    literal(out, s.toString());
  }

  static void envelope(StringBuilder out, Envelope e) {
    if (e == null) {
      out.append("NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL");
      return;
    }
    nstringNolf(out, e.date());
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
    nstringNolf(out, e.inReplyTo());
    out.append(' ');
    nstringNolf(out, e.messageId());
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
    nstringNolf(out, c.id());
    out.append(' ');
    nstringNolf(out, c.description());
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
    nstringNolf(out, c.md5());
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
    nstringNolf(out, c.location());
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
