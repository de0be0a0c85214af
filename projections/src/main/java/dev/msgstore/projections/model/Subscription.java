package dev.msgstore.projections.model;

/** A user's subscription to a mailbox name (which need not exist). */
public record Subscription(String user, String mailbox) {}
