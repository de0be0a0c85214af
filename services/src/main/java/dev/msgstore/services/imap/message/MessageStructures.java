package dev.msgstore.services.imap.message;

import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.IOException;

/**
 * What IMAP FETCH and SEARCH need of a message's MIME structure: ENVELOPE, BODY/BODYSTRUCTURE,
 * section bytes and text search. One per open store, thread-safe. Messages are read only through
 * {@link Store#openMessage}, streaming.
 */
public final class MessageStructures implements AutoCloseable {
  private final Store store;

  private MessageStructures(Store store) {
    this.store = store;
  }

  public static MessageStructures open(Store store) {
    return new MessageStructures(store);
  }

  /** RFC 3501 ENVELOPE. */
  public FetchValue envelope(MailboxRecord mailbox, MessageRecord message) throws IOException {
    throw new UnsupportedOperationException("envelope " + store.root());
  }

  /** BODY ({@code extended} false) or BODYSTRUCTURE ({@code extended} true). */
  public FetchValue bodyStructure(MailboxRecord mailbox, MessageRecord message, boolean extended)
      throws IOException {
    throw new UnsupportedOperationException("bodystructure");
  }

  /** The exact bytes of a section; {@code <partial>} is the caller's. */
  public SectionBytes section(MailboxRecord mailbox, MessageRecord message, Section section)
      throws IOException {
    throw new UnsupportedOperationException("section");
  }

  /** SEARCH HEADER/BODY/TEXT. */
  public boolean matches(MailboxRecord mailbox, MessageRecord message, TextSearch search)
      throws IOException {
    throw new UnsupportedOperationException("matches");
  }

  @Override
  public void close() {}
}
