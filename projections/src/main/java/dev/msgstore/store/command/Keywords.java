package dev.msgstore.store.command;

import dev.msgstore.store.Rejected;
import java.util.List;

/** IMAP keywords are atoms (RFC 3501 section 9: flag-keyword = atom). */
final class Keywords {
  private Keywords() {}

  /** Rejects the first keyword that is not an atom. */
  static void requireValid(List<String> keywords) {
    for (String k : keywords) {
      if (!isValid(k)) {
        throw Rejected.invalid("not a valid IMAP keyword: " + k);
      }
    }
  }

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
