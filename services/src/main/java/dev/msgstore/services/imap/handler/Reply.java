package dev.msgstore.services.imap.handler;

import dev.msgstore.store.Rejected;

/** A command's tagged status response (RFC 3501 section 7.1): OK, NO or BAD, and its text. */
public record Reply(String status, String text) {
  public static Reply ok(String text) {
    return new Reply("OK", text);
  }

  public static Reply no(String text) {
    return new Reply("NO", text);
  }

  public static Reply bad(String text) {
    return new Reply("BAD", text);
  }

  /** A command the store refused, with the response code of RFC 5530 that fits. */
  public static Reply rejected(Rejected r) {
    String code =
        switch (r.kind()) {
          case NOT_FOUND -> "[NONEXISTENT] ";
          case ALREADY_EXISTS -> "[ALREADYEXISTS] ";
          case OVER_QUOTA -> "[OVERQUOTA] ";
          case PERMISSION -> "[NOPERM] ";
          case INVALID -> "[CANNOT] ";
          case BUSY -> "[INUSE] ";
        };
    return no(code + r.getMessage());
  }

  public static Reply noMailbox() {
    return no("[NONEXISTENT] Mailbox doesn't exist");
  }

  public static Reply noPermission(String right) {
    return no("[NOPERM] Permission denied (the " + right + " right)");
  }
}
