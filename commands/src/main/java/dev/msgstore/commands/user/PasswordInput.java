package dev.msgstore.commands.user;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.directory.PasswordHashing;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a new password comes from, never the command line (it would be in the shell's history, in
 * {@code ps}, and in the journal's record of the command): a file's first line, a prompt on the
 * console (asked twice), or the first line of standard input. The caller clears the array.
 */
final class PasswordInput {
  private PasswordInput() {}

  static char[] read(CliContext ctx, Path file) {
    if (file != null) {
      try {
        return firstLine(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read the password file " + file);
      }
    }
    Console console = System.console();
    if (console != null && ctx.in() == System.in && isTerminal(console)) {
      char[] first = console.readPassword("New password: ");
      char[] again = console.readPassword("New password again: ");
      try {
        if (first == null || again == null || !Arrays.equals(first, again)) {
          throw new VerbFailure(ExitCodes.DATA, "the two passwords differ; nothing was changed");
        }
        return first.clone();
      } finally {
        clear(first);
        clear(again);
      }
    }
    try {
      return firstLine(readLine(ctx.in()));
    } catch (IOException e) {
      throw new VerbFailure(ExitCodes.IO, "cannot read the password from standard input");
    }
  }

  /**
   * Whether the console is a terminal: since JDK 22 {@link System#console()} returns one for
   * redirected streams too, and only {@code isTerminal()} (absent from JDK 21, whose console is
   * null unless interactive) tells; a pipe must be read, not prompted.
   */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      b.write(c);
    }
    return b.toByteArray();
  }

  /** The bytes up to the first line end, as chars; every byte is zeroed. */
  private static char[] firstLine(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
      end++;
    }
    byte[] line = Arrays.copyOf(bytes, end);
    Arrays.fill(bytes, (byte) 0);
    if (line.length == 0) {
      throw new VerbFailure(ExitCodes.DATA, "the password is empty; nothing was changed");
    }
    return PasswordHashing.chars(line);
  }

  static void clear(char[] chars) {
    if (chars != null) {
      Arrays.fill(chars, '\0');
    }
  }
}
