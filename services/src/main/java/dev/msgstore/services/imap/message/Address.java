package dev.msgstore.services.imap.message;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of an ENVELOPE address list (RFC 3501 7.4.2): a mailbox, or a group's start (only
 * {@code mailbox}, the group's name) or end (all null). Parsed as Dovecot 2.3 parses address
 * headers for ENVELOPE, broken input included, with its markers for what is missing
 * (MISSING_MAILBOX, MISSING_DOMAIN, SYNTAX_ERROR, INVALID_ROUTE). Strings are byte strings.
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
    Parse p = new Parse(value);
    if (p.in.skipLwsp() > 0) {
      p.addressList();
    }
    return p.out;
  }

  /** Dovecot's message-address parser, state and all. */
  private static final class Parse {
    final Rfc822Parser in;
    final List<Address> out = new ArrayList<>();
    final StringBuilder str = new StringBuilder();
    String name;
    String route;
    String mailbox;
    String domain;

    Parse(String value) {
      this.in = new Rfc822Parser(value, true);
    }

    void add() {
      out.add(new Address(name, route, mailbox, domain));
      name = route = mailbox = domain = null;
    }

    void addFixed() {
      if (mailbox == null) {
        mailbox = "MISSING_MAILBOX";
      }
      if (domain == null || domain.isEmpty()) {
        domain = "MISSING_DOMAIN";
      }
      add();
    }

    int nonStrictDotAtom(StringBuilder s) {
      int ret = -1;
      do {
        while (in.cur() == '.') {
          s.append('.');
          in.pos++;
          if (in.atEnd()) {
            return 0; // @domain is missing, but the local part was fine
          }
          ret = 1;
        }
        if (in.cur() == '@') {
          break;
        }
        ret = in.atom(s);
      } while (ret > 0 && in.cur() == '.');
      return ret;
    }

    int localPart() {
      str.setLength(0);
      int ret = in.cur() == '"' ? in.quotedString(str) : nonStrictDotAtom(str);
      if (ret < 0) {
        return -1;
      }
      mailbox = str.toString();
      return ret;
    }

    int domain() {
      str.setLength(0);
      int ret = in.domain(str);
      if (ret < 0) {
        return -1;
      }
      domain = str.toString();
      return ret;
    }

    int domainList() {
      str.setLength(0);
      while (true) {
        if (in.atEnd()) {
          return 0;
        }
        if (in.cur() != '@') {
          break;
        }
        if (str.length() > 0) {
          str.append(',');
        }
        str.append('@');
        int ret = in.domain(str);
        if (ret <= 0) {
          return ret;
        }
        while (in.skipLwsp() > 0 && in.cur() == ',') {
          in.pos++;
        }
      }
      route = str.toString();
      return 1;
    }

    int angleAddr() {
      in.pos++; // '<'
      if (in.skipLwsp() <= 0) {
        return -1;
      }
      if (in.cur() == '@') {
        if (domainList() > 0 && in.cur() == ':') {
          in.pos++;
        } else {
          route = "INVALID_ROUTE";
          if (in.atEnd()) {
            return -1;
          }
        }
        if (in.skipLwsp() <= 0) {
          return -1;
        }
      }
      if (in.cur() != '>') {
        if (localPart() <= 0) {
          return -1;
        }
        if (in.cur() == '@' && domain() <= 0) {
          return -1;
        }
      }
      if (in.cur() != '>') {
        return -1;
      }
      in.pos++;
      return in.skipLwsp();
    }

    int nameAddr() {
      str.setLength(0);
      if (in.phrase(str) <= 0 || in.cur() != '<') {
        return -1;
      }
      name = str.length() == 0 ? null : str.toString();
      if (angleAddr() < 0) {
        domain = "SYNTAX_ERROR";
      }
      return in.atEnd() ? 0 : 1;
    }

    int addrSpec() {
      int ret2 = -2;
      in.lastComment.setLength(0);
      boolean quoted = in.cur() == '"';
      int ret = localPart();
      if (ret != 0 && !in.atEnd() && in.cur() == '@') {
        ret2 = domain();
        if (ret2 <= 0) {
          ret = ret2;
        }
      }
      if (in.lastComment.length() > 0) {
        name = in.lastComment.toString();
      } else if (ret2 == -2) {
        // "user" alone is a mailbox, but "user more words" is a display name
        str.append(' ');
        int before = str.length();
        in.phrase(str);
        if (str.length() != before) {
          mailbox = null;
          name = str.toString();
        } else if (!quoted) {
          domain = "";
        }
        ret = -1;
      }
      return ret;
    }

    int mailbox() {
      int start = in.pos;
      int ret = nameAddr();
      if (ret < 0) {
        in.pos = start;
        name = route = mailbox = domain = null;
        ret = addrSpec();
        if (name == null && mailbox != null && domain == null) {
          name = mailbox; // invalid syntax: what was read is a name
          mailbox = null;
        }
      }
      addFixed();
      return ret;
    }

    int group() {
      str.setLength(0);
      if (in.phrase(str) <= 0 || in.cur() != ':') {
        return -1;
      }
      in.pos++;
      int ret = in.skipLwsp();
      mailbox = str.toString();
      add();
      if (ret > 0 && in.cur() != ';') {
        while (out.size() < MAX_ADDRESSES) {
          mailbox(); // a broken one: try to continue anyway
          if (in.atEnd() || in.cur() != ',') {
            break;
          }
          in.pos++;
          if (in.skipLwsp() <= 0) {
            ret = -1;
            break;
          }
        }
      }
      if (ret >= 0) {
        if (in.atEnd() || in.cur() != ';') {
          ret = -1;
        } else {
          in.pos++;
          ret = in.skipLwsp();
        }
      }
      add();
      return ret == 0 ? 0 : 1;
    }

    int address() {
      int start = in.pos;
      int ret = group();
      if (ret < 0) {
        in.pos = start;
        name = route = mailbox = domain = null;
        ret = mailbox();
      }
      return ret;
    }

    void addressList() {
      for (int max = MAX_ADDRESSES; max > 0 && out.size() < MAX_ADDRESSES; max--) {
        if (address() == 0) {
          break;
        }
        if (in.atEnd() || in.cur() != ',') {
          break;
        }
        in.pos++;
        int ret = in.skipLwsp();
        if (ret <= 0) {
          if (ret < 0) {
            addFixed(); // ends with some garbage
          }
          break;
        }
      }
    }
  }
}
