package dev.msgstore.services.imap.message;

/**
 * An RFC 3501 SEARCH HEADER, BODY or TEXT key: {@code header} is the field name for {@code HEADER}
 * (FROM, TO, CC, BCC and SUBJECT are HEADER searches) and null otherwise; {@code needle} the string
 * searched for, case-insensitively, in decoded text.
 */
public record TextSearch(Where where, String header, String needle) {
  public enum Where {
    HEADER,
    BODY,
    TEXT
  }
}
