package dev.msgstore.services.imap.handler;

import java.util.Locale;

/**
 * The base subject of RFC 5256 section 2.1, from a subject already RFC 2047-decoded (step 1's first
 * half), and whether extracting it took off a reply or forward marker (section 2.1's "subj-refwd",
 * "(fwd)" trailer or "[fwd: ...]", which THREAD uses). Pure; compared by callers in i;ascii-casemap
 * (ASCII upper case), so the result is kept as written.
 */
record BaseSubject(String base, boolean replyOrForward) {
  static BaseSubject of(String subject) {
    // (1) tabs and line breaks become spaces, runs of white space one space
    String s = subject == null ? "" : subject.replaceAll("[ \\t\\r\\n]+", " ");
    boolean marked = false;
    for (; ; ) {
      // (2) trailers: "(fwd)" and white space at the end, repeatedly
      for (; ; ) {
        String before = s;
        s = s.stripTrailing();
        if (s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) {
          s = s.substring(0, s.length() - 5);
          marked = true;
        }
        if (s.equals(before)) {
          break;
        }
      }
      // (5) repeat (3) and (4) until neither removes anything
      for (; ; ) {
        String before = s;
        // (3) leaders: white space, or blobs followed by re/fw/fwd [blob] ":"
        for (; ; ) {
          if (s.startsWith(" ")) {
            s = s.substring(1);
            continue;
          }
          int end = refwd(s);
          if (end < 0) {
            break;
          }
          s = s.substring(end);
          marked = true;
        }
        // (4) a leading blob, when what is left is not empty
        int blob = blob(s, 0);
        if (blob > 0 && !s.substring(blob).isBlank()) {
          s = s.substring(blob);
        }
        if (s.equals(before)) {
          break;
        }
      }
      // (6) "[fwd:" ... "]": take it off and start again at (2)
      if (s.length() >= 6 && s.substring(0, 5).equalsIgnoreCase("[fwd:") && s.endsWith("]")) {
        s = s.substring(5, s.length() - 1);
        marked = true;
        continue;
      }
      return new BaseSubject(s, marked);
    }
  }

  /** The end of a subj-refwd preceded by blobs at the start of {@code s}, or -1. */
  private static int refwd(String s) {
    int i = 0;
    for (int b; (b = blob(s, i)) > 0; ) {
      i = b;
    }
    String rest = s.substring(i).toLowerCase(Locale.ROOT);
    int word;
    if (rest.startsWith("re")) {
      word = 2;
    } else if (rest.startsWith("fwd")) {
      word = 3;
    } else if (rest.startsWith("fw")) {
      word = 2;
    } else {
      return -1;
    }
    int j = i + word;
    while (j < s.length() && s.charAt(j) == ' ') {
      j++;
    }
    int b = blob(s, j);
    if (b > 0) {
      j = b;
    }
    return j < s.length() && s.charAt(j) == ':' ? j + 1 : -1;
  }

  /** The end of a subj-blob ("[" *BLOBCHAR "]" *WSP) starting at {@code i}, or -1. */
  private static int blob(String s, int i) {
    if (i >= s.length() || s.charAt(i) != '[') {
      return -1;
    }
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != ']' && s.charAt(j) != '[') {
      j++;
    }
    if (j >= s.length() || s.charAt(j) != ']') {
      return -1;
    }
    j++;
    while (j < s.length() && s.charAt(j) == ' ') {
      j++;
    }
    return j;
  }

  /** The i;ascii-casemap form SORT and THREAD compare. */
  String key() {
    StringBuilder b = new StringBuilder(base.length());
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
    }
    return b.toString();
  }
}
