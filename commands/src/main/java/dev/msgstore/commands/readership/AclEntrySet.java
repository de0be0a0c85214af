package dev.msgstore.commands.readership;

/**
 * An ACL entry {@code readership -s} changed on a mailbox (name in the {@code -e} encoding): {@code
 * identifier} now holds {@code rights} (in RFC 4314's order); empty rights: the entry was removed.
 */
public record AclEntrySet(String mailbox, String identifier, String rights) {}
