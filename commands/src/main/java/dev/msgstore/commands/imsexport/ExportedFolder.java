package dev.msgstore.commands.imsexport;

/** One folder {@code imsexport} wrote: the mailbox, the file, its messages and bytes written. */
public record ExportedFolder(String mailbox, String file, long messages, long bytes) {}
