package dev.msgstore.store;

import dev.msgstore.journal.body.CorruptBodyException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body stream from {@link dev.msgstore.journal.body.BodyStore#open} whose failed check names the
 * message it was served as: the body store knows digests, the store knows mailboxes and UIDs.
 */
final class MessageStream extends FilterInputStream {
  private final String mailbox;
  private final long uid;

  MessageStream(InputStream body, String mailbox, long uid) {
    super(body);
    this.mailbox = mailbox;
    this.uid = uid;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (CorruptBodyException e) {
      throw new CorruptMessageException(mailbox, uid, e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (CorruptBodyException e) {
      throw new CorruptMessageException(mailbox, uid, e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (CorruptBodyException e) {
      throw new CorruptMessageException(mailbox, uid, e);
    }
  }

  @Override
  public long transferTo(java.io.OutputStream out) throws IOException {
    byte[] buf = new byte[8192];
    long n = 0;
    for (int k; (k = read(buf, 0, buf.length)) >= 0; n += k) {
      out.write(buf, 0, k);
    }
    return n;
  }
}
