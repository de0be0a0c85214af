package dev.msgstore.store.delivery;

/**
 * Where one recipient's copy is to go ({@link Target}), or why it goes nowhere ({@link Refusal}).
 */
public sealed interface Resolution permits Target, Refusal {
  /** The user id the recipient resolved to, or what was given when it resolved to none. */
  String user();
}
