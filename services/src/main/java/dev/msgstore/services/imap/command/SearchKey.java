package dev.msgstore.services.imap.command;

import java.time.LocalDate;
import java.util.List;

/** A SEARCH criterion (RFC 3501 section 6.4.4). */
public sealed interface SearchKey {
  record All() implements SearchKey {}

  /** ANSWERED, DELETED, FLAGGED, SEEN, DRAFT (and their UN- forms), as a flag name. */
  record Flag(String flag, boolean set) implements SearchKey {}

  record Recent(boolean recent) implements SearchKey {}

  /** NEW: recent and not seen. */
  record New() implements SearchKey {}

  record Keyword(String keyword, boolean set) implements SearchKey {}

  record Sequence(SequenceSet set) implements SearchKey {}

  record Uid(SequenceSet set) implements SearchKey {}

  record Larger(long size) implements SearchKey {}

  record Smaller(long size) implements SearchKey {}

  /** BEFORE/ON/SINCE (internal date) or SENTBEFORE/SENTON/SENTSINCE (the Date header). */
  record Date(When when, LocalDate date, boolean sent) implements SearchKey {}

  enum When {
    BEFORE,
    ON,
    SINCE
  }

  /** HEADER field value; FROM/TO/CC/BCC/SUBJECT are header searches too. */
  record Header(String field, String value) implements SearchKey {}

  record Body(String text) implements SearchKey {}

  record Text(String text) implements SearchKey {}

  /** MODSEQ (RFC 7162 section 3.1.5): a modification sequence at least {@code modSeq}. */
  record ModSeq(long modSeq) implements SearchKey {}

  record Not(SearchKey key) implements SearchKey {}

  record Or(SearchKey left, SearchKey right) implements SearchKey {}

  record And(List<SearchKey> keys) implements SearchKey {
    public And {
      keys = List.copyOf(keys);
    }
  }
}
