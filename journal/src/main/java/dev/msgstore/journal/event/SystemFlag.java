package dev.msgstore.journal.event;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
    if (flags instanceof Shared s) {
      return s.bits;
    }
    int bits = 0;
    for (SystemFlag f : flags) {
      bits |= 1 << f.bit;
    }
    return bits;
  }

  /** Every combination's unmodifiable set, made on first use: 2^10 of them at most. */
  private static final AtomicReferenceArray<Shared> SETS = new AtomicReferenceArray<>(1 << 10);

  /**
   * The unmodifiable set of {@code bits}, the same instance each time: a decoded message shares it
   * rather than copying one into a hash set of its own. It iterates in declaration order.
   */
  public static Set<SystemFlag> setOf(int bits) {
    int known = bits & (SETS.length() - 1); // fromBits ignores the bits no flag has
    Shared s = SETS.get(known);
    if (s == null) {
      s = new Shared(known);
      SETS.set(known, s); // a race makes two equal sets: either is right
    }
    return s;
  }

  /** {@code flags} as the shared unmodifiable set of {@link #setOf} (itself, when it is one). */
  public static Set<SystemFlag> immutable(Set<SystemFlag> flags) {
    return flags instanceof Shared ? flags : setOf(toBits(flags));
  }

  /** A set of {@link #setOf}: its bits at hand, membership a bit test. */
  private static final class Shared extends AbstractSet<SystemFlag> {
    private final int bits;
    private final Set<SystemFlag> flags;

    Shared(int bits) {
      this.bits = bits;
      this.flags = Collections.unmodifiableSet(fromBits(bits));
    }

    @Override
    public boolean contains(Object o) {
      return o instanceof SystemFlag f && (bits & 1 << f.bit) != 0;
    }

    @Override
    public Iterator<SystemFlag> iterator() {
      return flags.iterator();
    }

    @Override
    public int size() {
      return Integer.bitCount(bits);
    }
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
