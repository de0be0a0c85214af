package dev.msgstore.journal.event;

/** IMAP subscriptions. The mailbox need not exist (RFC 3501 section 6.3.6). */
public sealed interface SubscriptionEvent extends Event {
  String user();

  String mailbox();

  record Subscribed(String user, String mailbox) implements SubscriptionEvent {}

  record Unsubscribed(String user, String mailbox) implements SubscriptionEvent {}
}
