package dev.msgstore.store.command;

/** IMAP keywords are atoms (RFC 3501 section 9: flag-keyword = atom). */
final class Keywords {
  private Keywords() {}

  static boolean isValid(String keyword) {
    if (keyword.isEmpty() || keyword.startsWith("\\")) {
      return false;
    }
    for (int i = 0; i < keyword.length(); i++) {
      char c = keyword.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
