package dev.msgstore.store.delivery;

/**
 * Where one recipient's copy goes.
 *
 * @param user the user id
 * @param mailbox the mailbox's canonical name
 * @param create whether the append creates the mailbox when it is missing (INBOX, or {@code -c})
 * @param fallback the folder existed when looked up: if it is gone by the time of the append, the
 *     copy goes to INBOX instead
 * @param partition where the mailboxes a first delivery makes go (the directory's choice), or null
 *     for the store's
 */
public record Target(
    String user, String mailbox, boolean create, boolean fallback, String partition)
    implements Resolution {}
