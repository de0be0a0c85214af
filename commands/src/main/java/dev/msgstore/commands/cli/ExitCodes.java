package dev.msgstore.commands.cli;

import dev.msgstore.journal.body.CorruptBodyException;
import dev.msgstore.store.CorruptMessageException;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.directory.DirectoryUnavailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The one table from failures to exit codes (sysexits.h), used by every verb. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int USAGE = 64;
  public static final int DATA = 65;
  public static final int NO_INPUT = 66;
  public static final int NO_USER = 67;
  public static final int UNAVAILABLE = 69;
  public static final int SOFTWARE = 70;
  public static final int CANNOT_CREATE = 73;
  public static final int IO = 74;
  public static final int TEMPORARY = 75;
  public static final int PERMISSION = 77;

  private ExitCodes() {}

  /** An exit code and what it means to the administrator who reads it. */
  public record Meaning(int code, String name, String means) {}

  /** Every code above, in order: the EXIT STATUS of the man pages. */
  public static List<Meaning> table() {
    return List.of(
        new Meaning(OK, "OK", "Success."),
        new Meaning(USAGE, "USAGE", "Usage error: an unknown option, a bad or missing value."),
        new Meaning(
            DATA, "DATAERR", "The input data is wrong: a malformed message, an invalid value."),
        new Meaning(
            NO_INPUT, "NOINPUT", "Something named does not exist: a store, a mailbox, a file."),
        new Meaning(NO_USER, "NOUSER", "The user cannot be served: unknown, removed or deleted."),
        new Meaning(UNAVAILABLE, "UNAVAILABLE", "A service the verb needs is not available."),
        new Meaning(SOFTWARE, "SOFTWARE", "An internal error (MSGSTORE_DEBUG=1 shows its trace)."),
        new Meaning(CANNOT_CREATE, "CANTCREAT", "What was to be created exists already."),
        new Meaning(IO, "IOERR", "Reading or writing a file failed."),
        new Meaning(
            TEMPORARY,
            "TEMPFAIL",
            "Try again later: over quota, a user on hold, a lock, a full disk."),
        new Meaning(PERMISSION, "NOPERM", "Not permitted."));
  }

  public static int of(Throwable t) {
    if (DiskFull.is(t)) {
      return TEMPORARY; // nothing was acknowledged: the same write succeeds once space is freed
    }
    return switch (t) {
      case VerbFailure f -> f.exitCode();
      case Rejected r ->
          switch (r.kind()) {
            case NOT_FOUND -> NO_INPUT;
            case ALREADY_EXISTS -> CANNOT_CREATE;
            case INVALID -> DATA;
            case OVER_QUOTA -> TEMPORARY;
            case PERMISSION -> PERMISSION;
            case BUSY -> TEMPORARY;
          };
      // The directory could not be asked (an LDAP server down): unavailable, not "no such user".
      case DirectoryUnavailable d -> UNAVAILABLE;
      // A stored body failed its check as it was read: the data is wrong, not the reading.
      case CorruptMessageException c -> DATA;
      case CorruptBodyException c -> DATA;
      case IOException e -> IO;
      case UncheckedIOException e -> IO;
      case IllegalArgumentException e -> DATA;
      // Damage to an acknowledged commit: skipping it (Journal.skipDamagedCommit) loses its events.
      case dev.msgstore.journal.codec.CorruptCommitException e -> DATA;
      default -> SOFTWARE;
    };
  }
}
