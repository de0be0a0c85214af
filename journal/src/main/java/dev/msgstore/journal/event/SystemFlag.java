package dev.msgstore.journal.event;

import java.util.EnumSet;
import java.util.Set;

/**
 * The system flags of a message, with the letter {@code imcheck} prints for each. The bit of each
 * flag is persisted in the journal: never reorder or reuse one.
 */
public enum SystemFlag {
  RECENT('R', "\\Recent", 0),
  SEEN('S', "\\Seen", 1),
  DELETED('D', "\\Deleted", 2),
  ANSWERED('A', "\\Answered", 3),
  FLAGGED('F', "\\Flagged", 4),
  DRAFT('T', "\\Draft", 5),
  STUBBED('B', "\\Stubbed", 6),
  ARCHIVED('C', "\\Archived", 7),
  ENCRYPTED('E', "\\Encrypted", 8),
  NO_LEADING_DOTS('N', "\\NoLeadingDots", 9);

  private final char letter;
  private final String imapName;
  private final int bit;

  SystemFlag(char letter, String imapName, int bit) {
    this.letter = letter;
    this.imapName = imapName;
    this.bit = bit;
  }

  public char letter() {
    return letter;
  }

  public String imapName() {
    return imapName;
  }

  public static int toBits(Set<SystemFlag> flags) {
    int bits = 0;
    for (SystemFlag f : flags) {
      bits |= 1 << f.bit;
    }
    return bits;
  }

  public static Set<SystemFlag> fromBits(int bits) {
    EnumSet<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
    for (SystemFlag f : values()) {
      if ((bits & (1 << f.bit)) != 0) {
        flags.add(f);
      }
    }
    return flags;
  }

  /** Parses {@code \Seen}-style names (case-insensitive), as IMAP and deliver -g spell them. */
  public static java.util.Optional<SystemFlag> ofImapName(String name) {
    for (SystemFlag f : values()) {
      if (f.imapName.equalsIgnoreCase(name)) {
        return java.util.Optional.of(f);
      }
    }
    return java.util.Optional.empty();
  }

  /** The letters imcheck prints, in declaration order, e.g. "SF". */
  public static String letters(Set<SystemFlag> flags) {
    StringBuilder sb = new StringBuilder();
    for (SystemFlag f : values()) {
      if (flags.contains(f)) {
        sb.append(f.letter);
      }
    }
    return sb.toString();
  }
}
