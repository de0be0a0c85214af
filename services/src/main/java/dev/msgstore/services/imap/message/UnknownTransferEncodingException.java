package dev.msgstore.services.imap.message;

import java.io.IOException;

/**
 * BINARY of a part whose Content-Transfer-Encoding is none this library decodes: IMAP answers NO
 * [UNKNOWN-CTE] (RFC 3516).
 */
public final class UnknownTransferEncodingException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnknownTransferEncodingException(String encoding) {
    super("unknown Content-Transfer-Encoding: " + encoding);
  }
}
