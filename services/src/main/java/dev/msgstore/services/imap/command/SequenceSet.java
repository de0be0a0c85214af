package dev.msgstore.services.imap.command;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 3501 sequence-set: ranges of message numbers or UIDs, {@code *} standing for the largest
 * in use ({@link #STAR}). Ranges are kept as given ({@code 4:2} is {@code 2:4}); resolving against
 * a mailbox is the session's.
 */
public record SequenceSet(List<Range> ranges) {
  public static final long STAR = -1;

  public record Range(long from, long to) {
    /** Low and high bound, with {@code star} standing for {@code *}. */
    public long low(long star) {
      return Math.min(value(from, star), value(to, star));
    }

    public long high(long star) {
      return Math.max(value(from, star), value(to, star));
    }

    private static long value(long v, long star) {
      return v == STAR ? star : v;
    }
  }

  public SequenceSet {
    ranges = List.copyOf(ranges);
  }

  /** Whether {@code n} is in the set, {@code star} being the value of {@code *}. */
  public boolean contains(long n, long star) {
    for (Range r : ranges) {
      if (n >= r.low(star) && n <= r.high(star)) {
        return true;
      }
    }
    return false;
  }

  static SequenceSet parse(Lexer in) throws ParseError {
    List<Range> ranges = new ArrayList<>();
    do {
      long from = one(in);
      long to = from;
      if (in.accept(':')) {
        to = one(in);
      }
      ranges.add(new Range(from, to));
    } while (in.accept(','));
    return new SequenceSet(ranges);
  }

  private static long one(Lexer in) throws ParseError {
    if (in.accept('*')) {
      return STAR;
    }
    long n = in.number32();
    if (n == 0) {
      throw in.error("0 is not a message number or UID");
    }
    return n;
  }
}
