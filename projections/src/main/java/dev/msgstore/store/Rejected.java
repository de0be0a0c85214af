package dev.msgstore.store;

/**
 * A command the store refused: nothing was written. {@link Kind} tells callers which exit code or
 * protocol response it maps to.
 */
public final class Rejected extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    NOT_FOUND,
    ALREADY_EXISTS,
    INVALID,
    OVER_QUOTA,
    PERMISSION,
    /** The account is locked for a while (rehostuser moving it): the same change may work later. */
    BUSY
  }

  private final Kind kind;

  public Rejected(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static Rejected notFound(String message) {
    return new Rejected(Kind.NOT_FOUND, message);
  }

  public static Rejected exists(String message) {
    return new Rejected(Kind.ALREADY_EXISTS, message);
  }

  public static Rejected invalid(String message) {
    return new Rejected(Kind.INVALID, message);
  }

  public static Rejected busy(String message) {
    return new Rejected(Kind.BUSY, message);
  }
}
