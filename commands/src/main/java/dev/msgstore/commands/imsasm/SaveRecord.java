package dev.msgstore.commands.imsasm;

/**
 * The head of one save record of an imsasm save stream (docs/ASM-SAVE-STREAM.md): the name it was
 * saved under (the backup directory's path, with {@code -p}'s prefix), what it is, and the store
 * object it holds. Its data, an imsbackup stream of that object, follows it in chunks.
 *
 * @param user the user id the record belongs to
 * @param folder for a mailbox, its name under the user ({@code INBOX}, {@code Archive/2025}); empty
 *     for an account
 * @param depth how many trailing components of {@code name} spell the folder (0 for an account,
 *     whose last component is the user): what {@code imsasm -r -m} relocates by
 * @param incremental whether the data is an incremental (saved with {@code -t})
 */
public record SaveRecord(
    Kind kind,
    String name,
    String user,
    String folder,
    int depth,
    long savedMicros,
    boolean incremental) {
  /** A record's kind, as its number in the stream. */
  public enum Kind {
    /** A mailbox file: that mailbox. */
    MAILBOX(1),
    /** A user's directory: the account's record alone (its mailboxes are records of their own). */
    ACCOUNT(2),
    /** A user's file (mkbackupdir -u): the whole account, its mailboxes and its record. */
    USER(3);

    final int code;

    Kind(int code) {
      this.code = code;
    }

    static Kind of(int code) {
      for (Kind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      return null;
    }
  }

  /** The internal mailbox name of a mailbox record; the INBOX's for an account. */
  public String mailbox() {
    return "user/" + user + "/" + (kind == Kind.MAILBOX ? folder : "INBOX");
  }
}
