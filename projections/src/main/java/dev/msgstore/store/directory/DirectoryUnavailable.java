package dev.msgstore.store.directory;

import java.io.Serial;

/**
 * The directory could not be asked (an LDAP server down, refusing the bind, timing out): the
 * question has no answer, which is not the same as "no such user". Verbs exit 69 (unavailable),
 * services answer with a temporary failure. The message names the server and never a credential.
 */
public final class DirectoryUnavailable extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  public DirectoryUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
