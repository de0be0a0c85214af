package dev.msgstore.commands.mboxutil;

/**
 * An account {@code mboxutil -o} lists, as the mailbox that stands for it (its INBOX, or each
 * mailbox of an owner without one; in the {@code -E} encoding): {@code orphan} when the directory
 * does not know its owner or has marked it deleted or removed, {@code inactive} when nothing was
 * appended or created within {@code -t} days. {@code lastActivityMillis} is the latest append or
 * mailbox creation of the owner's mailboxes.
 */
public record CleanupCandidate(
    String mailbox, String owner, boolean orphan, boolean inactive, long lastActivityMillis) {}
