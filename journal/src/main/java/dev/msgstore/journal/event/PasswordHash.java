package dev.msgstore.journal.event;

/**
 * A salted, slow password hash in its encoded form. Its {@link #toString()} never shows it, so that
 * no journal listing, log line or error message carries it; code that verifies a password reads
 * {@link #encoded()}.
 */
public record PasswordHash(String encoded) {
  public static final PasswordHash NONE = new PasswordHash("");

  public boolean isEmpty() {
    return encoded.isEmpty();
  }

  @Override
  public String toString() {
    return encoded.isEmpty() ? "none" : "(not shown)";
  }
}
