package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.SystemFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Flag names from a STORE or APPEND (RFC 3501 section 2.3.2): the five settable system flags and
 * keywords. \Recent cannot be set by a client and is passed over; another \Name is an error.
 */
record Flags(Set<SystemFlag> system, List<String> keywords) {
  static final class BadFlag extends Exception {
    private static final long serialVersionUID = 1L;

    BadFlag(String message) {
      super(message);
    }
  }

  private static final Set<SystemFlag> SETTABLE =
      EnumSet.of(
          SystemFlag.SEEN,
          SystemFlag.ANSWERED,
          SystemFlag.FLAGGED,
          SystemFlag.DELETED,
          SystemFlag.DRAFT);

  static Flags parse(List<String> names) throws BadFlag {
    Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
    List<String> keywords = new ArrayList<>();
    for (String n : names) {
      if (n.startsWith("\\")) {
        if (n.equalsIgnoreCase("\\Recent")) {
          continue;
        }
        SystemFlag f =
            SystemFlag.ofImapName(n)
                .filter(SETTABLE::contains)
                .orElseThrow(() -> new BadFlag("Invalid system flag " + n));
        system.add(f);
      } else if (keywords.stream().noneMatch(n::equalsIgnoreCase)) {
        keywords.add(n);
      }
    }
    return new Flags(system, keywords);
  }
}
