package dev.msgstore.commands.imcheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A mailbox's user flags (IMAP keywords) and the hex form of a message's keywords. This store keeps
 * no per-mailbox keyword list, so the list is the distinct keywords of the mailbox's messages in
 * order of first use (ascending UID, then the order within the message). Keyword {@code i} of that
 * list is bit {@code i % 32} of 32-bit word {@code i / 32}; the words print in hex, lowest first,
 * joined by '.', at least three of them: no keyword is {@code 0.0.0} (as in the reference's table),
 * the first six are {@code 3f.0.0} (the reference's prose writes that {@code 3f0000}).
 */
final class UserFlags {
  private static final int MIN_WORDS = 3;
  private final Set<String> names = new LinkedHashSet<>();

  void add(List<String> keywords) {
    names.addAll(keywords);
  }

  List<String> names() {
    return List.copyOf(names);
  }

  String hex(List<String> keywords) {
    List<String> order = new ArrayList<>(names);
    long[] words = new long[Math.max(MIN_WORDS, (order.size() + 31) / 32)];
    for (String k : keywords) {
      int i = order.indexOf(k);
      if (i >= 0) {
        words[i / 32] |= 1L << (i % 32);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < words.length; w++) {
      sb.append(w == 0 ? "" : ".").append(Long.toHexString(words[w]));
    }
    return sb.toString();
  }
}
