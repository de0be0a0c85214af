package dev.msgstore.services.imap.message;

/**
 * An address of a header field as SORT (RFC 5256) and SORT DISPLAY (RFC 5957) need it: the display
 * name RFC 2047-decoded (null when there is none), the mailbox and domain as written.
 */
public record MailAddress(String displayName, String mailbox, String domain) {}
