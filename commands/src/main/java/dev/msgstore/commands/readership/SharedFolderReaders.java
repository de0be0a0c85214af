package dev.msgstore.commands.readership;

/**
 * One shared folder and how many users other than its owner opened it in the period asked: what
 * {@code readership -d} and {@code -p} print, and return to scripts.
 */
public record SharedFolderReaders(String mailbox, int readers) {
  /** The line printed: the count first, then the name (names may contain spaces). */
  String line() {
    return readers + " " + mailbox;
  }
}
