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
   * header); {@code messageId} is empty when the message has none.
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
      String messageId)
      implements MessageEvent {
    public Appended {
      flags = Set.copyOf(flags);
      keywords = List.copyOf(keywords);
    }
  }

  /** The complete new flags and keywords of one message (not a delta: replay needs no state). */
  record FlagsStored(long mailboxId, long uid, Set<SystemFlag> flags, List<String> keywords)
      implements MessageEvent {
    public FlagsStored {
      flags = Set.copyOf(flags);
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
}
