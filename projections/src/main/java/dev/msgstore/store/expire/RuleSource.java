package dev.msgstore.store.expire;

/**
 * Where a rule attribute was written: a file and line, or a configutil option ({@code line} 0,
 * {@code file} the option's name).
 */
public record RuleSource(String file, int line) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
