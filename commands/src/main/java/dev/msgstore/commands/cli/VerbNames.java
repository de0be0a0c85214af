package dev.msgstore.commands.cli;

import dev.msgstore.store.config.Levenshtein;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The verbs close to a word that is not one: what an unknown verb's error line suggests. */
public final class VerbNames {
  private VerbNames() {}

  /**
   * The verbs that {@code word} may have meant, closest first: those it begins, and those within a
   * few edits of it (a third of its length: a typo, not another word).
   */
  public static List<String> closest(String word, Collection<String> verbs) {
    int most = Math.max(1, word.length() / 3);
    return verbs.stream()
        .filter(v -> v.startsWith(word) || Levenshtein.distance(word, v) <= most)
        .sorted(
            Comparator.comparingInt((String v) -> Levenshtein.distance(word, v))
                .thenComparing(v -> v))
        .toList();
  }

  /**
   * The one line for an unknown verb, e.g. {@code unknown verb 'mboxutl'; did you mean mboxutil?}.
   */
  public static String unknown(String word, Collection<String> verbs) {
    List<String> close = closest(word, verbs);
    if (close.isEmpty()) {
      return "unknown verb '" + word + "'; 'msgstore help' lists the verbs";
    }
    String last = close.get(close.size() - 1);
    String names =
        close.size() == 1
            ? last
            : String.join(", ", close.subList(0, close.size() - 1)) + " or " + last;
    return "unknown verb '" + word + "'; did you mean " + names + "?";
  }
}
