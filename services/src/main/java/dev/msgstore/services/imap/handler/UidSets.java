package dev.msgstore.services.imap.handler;

import java.util.List;

/** UIDs written as an RFC 3501 sequence set of ranges ({@code 1:3,7}), for UIDPLUS responses. */
public final class UidSets {
  private UidSets() {}

  public static String format(List<Long> uids) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < uids.size()) {
      long start = uids.get(i);
      long end = start;
      while (i + 1 < uids.size() && uids.get(i + 1) == end + 1) {
        end = uids.get(++i);
      }
      b.append(b.isEmpty() ? "" : ",").append(start);
      if (end != start) {
        b.append(':').append(end);
      }
      i++;
    }
    return b.toString();
  }
}
