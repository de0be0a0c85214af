package dev.msgstore.store.expire;

import java.util.List;

/**
 * Expire rules that cannot be used, each problem naming its file and line ({@code file:line:
 * what}). Nothing runs on a rule set that has one.
 */
public final class RuleSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public RuleSyntaxException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
