package dev.msgstore.services.imscripter;

import java.util.ArrayList;
import java.util.List;

/** Splits an imscripter command line into words; "double quotes" keep spaces in one word. */
public final class Words {
  private Words() {}

  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = null;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          quoted = false;
        } else {
          w.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        if (w == null) {
          w = new StringBuilder();
        }
      } else if (Character.isWhitespace(c)) {
        if (w != null) {
          words.add(w.toString());
          w = null;
        }
      } else {
        if (w == null) {
          w = new StringBuilder();
        }
        w.append(c);
      }
    }
    if (w != null) {
      words.add(w.toString());
    }
    return words;
  }
}
