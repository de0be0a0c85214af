package dev.msgstore.store.config;

import java.util.List;

/** An option name the catalog does not know, with the closest names it does. */
public final class UnknownOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String option;
  private final transient List<String> suggestions;

  public UnknownOptionException(String option, List<String> suggestions) {
    super(
        "unknown option "
            + option
            + (suggestions.isEmpty()
                ? ""
                : "; did you mean " + String.join(", ", suggestions) + "?"));
    this.option = option;
    this.suggestions = List.copyOf(suggestions);
  }

  public String option() {
    return option;
  }

  public List<String> suggestions() {
    return suggestions;
  }
}
