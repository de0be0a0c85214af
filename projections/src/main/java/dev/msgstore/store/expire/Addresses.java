package dev.msgstore.store.expire;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of a header value ({@code "Joe" <joe@example.com>, ann@example.org}): the part in
 * angle brackets, else the bare word; commas inside quotes or comments do not split.
 */
final class Addresses {
  private Addresses() {}

  static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    int comment = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' && comment == 0) {
        quoted = !quoted;
      } else if (c == '(' && !quoted) {
        comment++;
      } else if (c == ')' && !quoted && comment > 0) {
        comment--;
      } else if (c == ',' && !quoted && comment == 0) {
        addOne(out, cur.toString());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    addOne(out, cur.toString());
    return out;
  }

  private static void addOne(List<String> out, String part) {
    int lt = part.lastIndexOf('<');
    int gt = part.lastIndexOf('>');
    String a;
    if (lt >= 0 && gt > lt) {
      a = part.substring(lt + 1, gt).strip();
    } else {
      a = part.replaceAll("\\([^)]*\\)", "").replace("\"", "").strip();
    }
    if (!a.isEmpty()) {
      out.add(a);
    }
  }
}
