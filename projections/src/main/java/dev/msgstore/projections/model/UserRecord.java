package dev.msgstore.projections.model;

/** A user known to the store: the partition their mailboxes live on, and their status. */
public record UserRecord(String userId, String partition, String status, long createdMicros) {}
