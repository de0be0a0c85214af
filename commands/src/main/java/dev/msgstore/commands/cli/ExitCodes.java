package dev.msgstore.commands.cli;

import dev.msgstore.store.Rejected;
import java.io.IOException;
import java.io.UncheckedIOException;

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

  public static int of(Throwable t) {
    return switch (t) {
      case VerbFailure f -> f.exitCode();
      case Rejected r ->
          switch (r.kind()) {
            case NOT_FOUND -> NO_INPUT;
            case ALREADY_EXISTS -> CANNOT_CREATE;
            case INVALID -> DATA;
            case OVER_QUOTA -> TEMPORARY;
            case PERMISSION -> PERMISSION;
          };
      case IOException e -> IO;
      case UncheckedIOException e -> IO;
      case IllegalArgumentException e -> DATA;
      default -> SOFTWARE;
    };
  }
}
