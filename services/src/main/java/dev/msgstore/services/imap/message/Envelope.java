package dev.msgstore.services.imap.message;

import java.util.List;

/**
 * The header fields an ENVELOPE is made of, as the message holds them (byte strings; null when the
 * field is absent). Address fields are lists, several headers of one name joined.
 */
record Envelope(
    String date,
    String subject,
    List<Address> from,
    List<Address> sender,
    List<Address> replyTo,
    List<Address> to,
    List<Address> cc,
    List<Address> bcc,
    String inReplyTo,
    String messageId) {

  static final Envelope EMPTY =
      new Envelope(null, null, null, null, null, null, null, null, null, null);
}
