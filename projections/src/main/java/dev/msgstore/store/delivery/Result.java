package dev.msgstore.store.delivery;

/** What became of one recipient's copy: {@link Delivered}, or a {@link Refusal}. */
public sealed interface Result permits Delivered, Refusal {
  String user();

  /** The mailbox the copy went to (or was meant for), or "" when the recipient had none. */
  String mailbox();
}
