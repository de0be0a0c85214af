package dev.msgstore.scripting;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.scripting.verbs.VerbException;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * A script's failure as an administrator reads it, translated at the host's boundary: one line per
 * problem naming the script and its line (and column, for a syntax error), and the exit code.
 */
public record ScriptFailure(int exitCode, String message) {

  /** What went wrong in {@code source} (a script's file name, or the REPL's). */
  public static ScriptFailure of(Throwable t, String source) {
    return switch (t) {
      case MultipleCompilationErrorsException c -> compilation(c, source);
      case VerbException v -> new ScriptFailure(v.exitCode(), at(t, source) + v.getMessage());
      default -> {
        Throwable cause = unwrap(t);
        String what = cause.getMessage() == null ? "" : cause.getMessage().replace('\n', ' ');
        String kind = cause.getClass().getSimpleName();
        yield new ScriptFailure(
            exitCode(cause), at(cause, source) + kind + (what.isEmpty() ? "" : ": " + what));
      }
    };
  }

  private static ScriptFailure compilation(MultipleCompilationErrorsException c, String source) {
    List<String> lines = new ArrayList<>();
    for (Message m : c.getErrorCollector().getErrors()) {
      switch (m) {
        case SyntaxErrorMessage s -> {
          SyntaxException e = s.getCause();
          lines.add(
              source
                  + ": line "
                  + e.getStartLine()
                  + ", column "
                  + e.getStartColumn()
                  + ": "
                  + firstLine(e.getOriginalMessage()));
        }
        case ExceptionMessage e -> lines.add(source + ": " + e.getCause().getMessage());
        default -> lines.add(source + ": " + m);
      }
    }
    return new ScriptFailure(ExitCodes.DATA, String.join("\n", lines));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** {@code script.groovy, line 12: } from the innermost frame of the script, if any. */
  private static String at(Throwable t, String source) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (source.equals(e.getFileName()) && e.getLineNumber() > 0) {
        return source + ", line " + e.getLineNumber() + ": ";
      }
    }
    return source + ": ";
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null
        && (c instanceof java.lang.reflect.InvocationTargetException
            || c instanceof java.lang.reflect.UndeclaredThrowableException)) {
      c = c.getCause();
    }
    return c;
  }

  private static int exitCode(Throwable t) {
    int code = ExitCodes.of(t);
    return code == ExitCodes.OK ? ExitCodes.SOFTWARE : code;
  }
}
