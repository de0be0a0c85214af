package dev.msgstore.projections.model;

/** One access control entry: {@code identifier} holds {@code rights} (RFC 4314 letters). */
public record AclEntry(long mailboxId, String identifier, String rights) {}
