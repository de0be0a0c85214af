package dev.msgstore.services.imap.message;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of an ENVELOPE address list (RFC 3501 7.4.2): a mailbox, or a group's start (only
 * {@code mailbox}, the group's name) or end (all null). Parsed as Dovecot does, with its markers
 * for what is missing ("MISSING_MAILBOX", "MISSING_DOMAIN"). Strings are byte strings.
 */
record Address(String name, String route, String mailbox, String domain) {
  private static final int MAX_ADDRESSES = 10_000;

  boolean isGroupStart() {
    return name == null && route == null && mailbox != null && domain == null;
  }

  boolean isGroupEnd() {
    return name == null && route == null && mailbox == null && domain == null;
  }

  /** An address-list header value; empty when it holds no address. */
  static List<Address> parseList(String value) {
    List<Address> out = new ArrayList<>();
    Rfc822Lexer lx = new Rfc822Lexer(value);
    if (!lx.skipLwsp()) {
      return out;
    }
    while (!lx.atEnd() && out.size() < MAX_ADDRESSES) {
      int start = lx.pos;
      if (!group(lx, out)) {
        lx.pos = start;
        mailbox(lx, out);
      }
      if (lx.atEnd()) {
        break;
      }
      if (lx.at(',')) {
        lx.pos++;
        lx.skipLwsp();
        continue;
      }
      // garbage: skip to the next comma (best effort, as Dovecot keeps what it could parse)
      while (!lx.atEnd() && !lx.at(',')) {
        lx.pos++;
      }
      if (lx.at(',')) {
        lx.pos++;
        lx.skipLwsp();
      }
    }
    return out;
  }

  private static boolean group(Rfc822Lexer lx, List<Address> out) {
    String name = lx.phrase();
    if (name.isEmpty() || !lx.at(':')) {
      return false;
    }
    lx.pos++;
    boolean more = lx.skipLwsp();
    out.add(new Address(null, null, name, null));
    if (more && !lx.at(';')) {
      while (true) {
        int before = lx.pos;
        mailbox(lx, out);
        if (!lx.at(',')) {
          if (lx.pos == before && !lx.atEnd() && !lx.at(';')) {
            lx.pos++; // no progress on garbage
          }
          if (lx.atEnd() || lx.at(';')) {
            break;
          }
          continue;
        }
        lx.pos++;
        if (!lx.skipLwsp()) {
          break;
        }
      }
    }
    if (lx.at(';')) {
      lx.pos++;
      lx.skipLwsp();
    }
    out.add(new Address(null, null, null, null));
    return true;
  }

  private static void mailbox(Rfc822Lexer lx, List<Address> out) {
    int start = lx.pos;
    // name-addr: [phrase] "<" [route ":"] addr-spec ">"
    String phrase = lx.phrase();
    if (lx.at('<')) {
      String[] parts = new String[3]; // route, mailbox, domain
      angle(lx, parts);
      out.add(fixed(phrase.isEmpty() ? null : phrase, parts[0], parts[1], parts[2]));
      return;
    }
    lx.pos = start;
    lx.clearComment();
    String local = lx.dotWords();
    String mailbox = local.isEmpty() ? null : local;
    String domain = null;
    String name = null;
    if (lx.at('@')) {
      lx.pos++;
      lx.skipLwsp();
      domain = domain(lx);
    }
    if (!lx.lastComment().isEmpty()) {
      name = lx.lastComment();
    } else if (domain == null && mailbox != null) {
      // "user" alone is a mailbox, but "user more words" is a display name
      String more = lx.phrase();
      if (!more.isEmpty()) {
        name = local + " " + more;
        mailbox = null;
      } else {
        domain = "";
      }
    }
    if (mailbox == null && domain == null && name == null && !lx.atEnd() && !lx.at(',')) {
      lx.pos++; // nothing parsed: don't loop on it
    }
    out.add(fixed(name, null, mailbox, domain));
  }

  private static void angle(Rfc822Lexer lx, String[] parts) {
    lx.pos++; // '<'
    lx.skipLwsp();
    if (lx.at('@')) {
      StringBuilder route = new StringBuilder();
      while (lx.at('@')) {
        lx.pos++;
        lx.skipLwsp();
        if (route.length() > 0) {
          route.append(',');
        }
        route.append('@').append(domain(lx));
        while (lx.at(',')) {
          lx.pos++;
          lx.skipLwsp();
        }
      }
      parts[0] = route.toString();
      if (lx.at(':')) {
        lx.pos++;
        lx.skipLwsp();
      } else {
        parts[0] = "INVALID_ROUTE";
      }
    }
    if (!lx.at('>')) {
      String local = lx.dotWords();
      parts[1] = local.isEmpty() ? null : local;
      if (lx.at('@')) {
        lx.pos++;
        lx.skipLwsp();
        parts[2] = domain(lx);
      }
    }
    while (!lx.atEnd() && !lx.at('>')) {
      lx.pos++;
    }
    if (lx.at('>')) {
      lx.pos++;
    }
    lx.skipLwsp();
  }

  private static String domain(Rfc822Lexer lx) {
    if (lx.at('[')) {
      return lx.domainLiteral();
    }
    return lx.dotWords();
  }

  private static Address fixed(String name, String route, String mailbox, String domain) {
    return new Address(
        name,
        route,
        mailbox == null ? "MISSING_MAILBOX" : mailbox,
        domain == null || domain.isEmpty() ? "MISSING_DOMAIN" : domain);
  }
}
