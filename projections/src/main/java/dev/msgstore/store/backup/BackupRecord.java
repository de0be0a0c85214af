package dev.msgstore.store.backup;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.SystemFlag;
import java.util.List;
import java.util.Set;

/**
 * The records of a backup stream, in the order docs/BACKUP-STREAM.md gives: one {@link Header},
 * then per user their mailboxes ({@link Mailbox}, its {@link Message}s and {@link Kept} messages,
 * {@link MailboxEnd}), the mailboxes gone since the base of an incremental ({@link Gone}) and the
 * {@link User} record, and last the {@link Trailer}. A message's body follows its record as body
 * frames that the reader hands out as a stream, never as a record.
 */
public sealed interface BackupRecord {

  /**
   * What the stream is: format version, when it was taken, the journal index the state it holds
   * covers, {@code sinceMicros} (0: a full backup; else an incremental of what changed since then),
   * whether expunged messages not yet purged are in it, the host and the names it was asked for.
   */
  record Header(
      int version,
      long createdMicros,
      long journalIndex,
      long sinceMicros,
      boolean expunged,
      String host,
      List<String> names)
      implements BackupRecord {
    public Header {
      names = List.copyOf(names);
    }

    public boolean incremental() {
      return sinceMicros > 0;
    }
  }

  /**
   * A mailbox. {@code delta}: an incremental's record of a mailbox that existed at its base under
   * this name and UIDVALIDITY; its content is then its {@link Kept} messages (in the base, with
   * their flags now) and its {@link Message}s (appended since), and any other message of the base
   * is gone.
   */
  record Mailbox(
      String name, String partition, long uidValidity, long uidNext, boolean delta, List<Acl> acl)
      implements BackupRecord {
    public Mailbox {
      acl = List.copyOf(acl);
    }
  }

  record Acl(String identifier, String rights) {}

  /** A message and, in the body frames after it, its {@code size} bytes. */
  record Message(
      long uid,
      Digest digest,
      long size,
      int headerSize,
      long internalDate,
      long sentDate,
      Set<SystemFlag> flags,
      List<String> keywords,
      String messageId,
      boolean expunged)
      implements BackupRecord {
    public Message {
      flags = Set.copyOf(flags);
      keywords = List.copyOf(keywords);
    }
  }

  /** In a delta mailbox: a message of the base still there, with its flags now. */
  record Kept(
      long uid, Digest digest, Set<SystemFlag> flags, List<String> keywords, boolean expunged)
      implements BackupRecord {
    public Kept {
      flags = Set.copyOf(flags);
      keywords = List.copyOf(keywords);
    }
  }

  /** The end of a mailbox: how many message and kept records it had, and their bytes. */
  record MailboxEnd(String name, long messages, long kept, long bytes) implements BackupRecord {}

  /** In an incremental: a mailbox of the base that is gone (deleted, or renamed away). */
  record Gone(String name) implements BackupRecord {}

  /** A user's account: partition, status, quota limits (-1: none) and subscriptions. */
  record User(
      String userId,
      String partition,
      String status,
      long quotaBytes,
      long quotaMessages,
      List<String> subscriptions)
      implements BackupRecord {
    public User {
      subscriptions = List.copyOf(subscriptions);
    }
  }

  /**
   * The last record: the counts of what came before and a CRC-32C over every frame's checksum. A
   * stream without it, or whose counts or chain differ, is not a complete backup.
   */
  record Trailer(long frames, long users, long mailboxes, long messages, long bodyBytes, int chain)
      implements BackupRecord {}
}
