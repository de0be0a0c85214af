package dev.msgstore.store.expire;

/**
 * Which mailboxes a rule may apply to, by where it was set: configutil's {@code store.expirerule.*}
 * options and a {@code -f} file apply everywhere, a partition's {@code store.expirerule} file to
 * the users on that partition, a user's to that user's mailboxes, a mailbox's to that mailbox
 * alone. More specific scopes come first when rules are weighed ({@link #rank}).
 */
public record RuleScope(Kind kind, String name) {
  public enum Kind {
    MAILBOX,
    USER,
    PARTITION,
    STORE
  }

  public static final RuleScope STORE = new RuleScope(Kind.STORE, "");

  public static RuleScope partition(String name) {
    return new RuleScope(Kind.PARTITION, name);
  }

  public static RuleScope user(String userId) {
    return new RuleScope(Kind.USER, userId);
  }

  public static RuleScope mailbox(String name) {
    return new RuleScope(Kind.MAILBOX, name);
  }

  /** 0 for a mailbox's rules up to 3 for the store's. */
  public int rank() {
    return kind.ordinal();
  }

  /** Whether a mailbox {@code mailbox} of {@code owner} on {@code partition} is in this scope. */
  public boolean covers(String mailbox, String owner, String partition) {
    return switch (kind) {
      case STORE -> true;
      case PARTITION -> name.equals(partition);
      case USER -> name.equals(owner);
      case MAILBOX -> name.equals(mailbox);
    };
  }

  @Override
  public String toString() {
    return kind == Kind.STORE
        ? "store"
        : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
  }
}
