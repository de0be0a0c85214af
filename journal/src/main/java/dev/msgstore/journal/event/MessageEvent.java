package dev.msgstore.journal.event;

import dev.msgstore.journal.body.Digest;
import java.util.List;
import java.util.Set;

/** Messages arriving, changing flags, being expunged, restored and purged. */
public sealed interface MessageEvent extends Event {
  long mailboxId();

  /**
   * A message stored in a mailbox. The body lives in the body store under {@code digest}; dates are
   * milliseconds since the epoch ({@code sentDate} is 0 when the message has no usable Date
   * header); {@code messageId} is empty when the message has none. {@code summary} is what an
   * administrator searches deleted mail by (version 2 of the event; {@link Summary#NONE} for an
   * event of version 1, written before it was recorded).
   */
  record Appended(
      long mailboxId,
      long uid,
      Digest digest,
      long size,
      int headerSize,
      long internalDate,
      long sentDate,
      Set<SystemFlag> flags,
      List<String> keywords,
      String messageId,
      Summary summary)
      implements MessageEvent {
    public Appended {
      // the shared set of these flags: no set per event, and the projections read its bits as kept
      flags = SystemFlag.immutable(flags);
      keywords = List.copyOf(keywords);
      summary = summary == null ? Summary.NONE : summary;
    }

    /** A message whose summary is unknown (a bench's synthetic event, a backup's message). */
    public Appended(
        long mailboxId,
        long uid,
        Digest digest,
        long size,
        int headerSize,
        long internalDate,
        long sentDate,
        Set<SystemFlag> flags,
        List<String> keywords,
        String messageId) {
      this(
          mailboxId,
          uid,
          digest,
          size,
          headerSize,
          internalDate,
          sentDate,
          flags,
          keywords,
          messageId,
          Summary.NONE);
    }
  }

  /**
   * The header fields undelete searches by, as the message's header has them (unfolded, RFC 2047
   * words decoded), each cut to a bound so that every append pays little for them: {@code from} the
   * From field, {@code to} the To and Cc fields joined by ", ", {@code subject} the Subject.
   */
  record Summary(String from, String to, String subject) {
    /** Longest {@code from} kept, in chars. */
    public static final int FROM_LIMIT = 128;

    /** Longest {@code to} kept, in chars (To and Cc together). */
    public static final int TO_LIMIT = 256;

    /** Longest {@code subject} kept, in chars. */
    public static final int SUBJECT_LIMIT = 160;

    public static final Summary NONE = new Summary("", "", "");

    public Summary {
      from = cut(from, FROM_LIMIT);
      to = cut(to, TO_LIMIT);
      subject = cut(subject, SUBJECT_LIMIT);
    }

    private static String cut(String s, int limit) {
      if (s == null) {
        return "";
      }
      if (s.length() <= limit) {
        return s;
      }
      // never split a surrogate pair: the cut text must still encode as UTF-8
      int end = Character.isHighSurrogate(s.charAt(limit - 1)) ? limit - 1 : limit;
      return s.substring(0, end);
    }
  }

  /** The complete new flags and keywords of one message (not a delta: replay needs no state). */
  record FlagsStored(long mailboxId, long uid, Set<SystemFlag> flags, List<String> keywords)
      implements MessageEvent {
    public FlagsStored {
      flags = SystemFlag.immutable(flags);
      keywords = List.copyOf(keywords);
    }
  }

  /** Messages leave the mailbox's view; they stay restorable until purged. */
  record Expunged(long mailboxId, List<Long> uids) implements MessageEvent {
    public Expunged {
      uids = List.copyOf(uids);
    }
  }

  /**
   * An expunged message comes back under a new UID: IMAP clients may have cached the old UID as
   * gone, and UIDs are never reused.
   */
  record Restored(long mailboxId, long expungedUid, long newUid) implements MessageEvent {}

  /** Expunged messages forgotten for good: they can no longer be restored. */
  record Purged(long mailboxId, List<Long> uids) implements MessageEvent {
    public Purged {
      uids = List.copyOf(uids);
    }
  }

  /**
   * Messages leave the vault of deleted mail (the purged messages of a mailbox, or the messages of
   * a deleted one, under that mailbox's id): undelete brought them back under new UIDs, or they
   * were deleted longer ago than {@code store.vault.retention} days.
   */
  record Forgotten(long mailboxId, List<Long> uids) implements MessageEvent {
    public Forgotten {
      uids = List.copyOf(uids);
    }
  }
}
