package dev.msgstore.projections.model;

/**
 * The last recorded login or logout of a user over a protocol (imsconnutil -a): when (the commit's
 * time, microseconds since the epoch), from where, and which of the two.
 */
public record LastAccess(
    String userId, String protocol, long micros, String address, boolean login) {}
