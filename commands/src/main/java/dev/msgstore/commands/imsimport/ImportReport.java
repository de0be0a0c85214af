package dev.msgstore.commands.imsimport;

/**
 * What {@code imsimport} did: the mailbox imported into ({@code null} if skipped, {@code -c n}),
 * the messages and bytes appended, the UIDVALIDITY it has, and whether the mbox's UIDs were kept.
 */
public record ImportReport(
    String source, String mailbox, long messages, long bytes, long uidValidity, boolean uidsKept) {}
