package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of mailbox names the modes read ({@code -f}) and write ({@code -w}), one name a line in
 * the {@code -E} encoding, so that what {@code -o} writes is what {@code -d -f} and {@code -S -f}
 * read.
 */
final class MailboxFiles {
  private MailboxFiles() {}

  /** The names in a file, stripped, blank lines skipped; a file naming nothing is an error. */
  static List<String> read(Path file, NameCodec codec) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, codec.fileCharset());
    } catch (CharacterCodingException e) {
      // the file was read: what it holds is not names in the -E encoding
      throw new VerbFailure(
          ExitCodes.DATA, file + ": not in the -E encoding " + codec.fileCharset().name());
    } catch (IOException | UncheckedIOException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + file + ": " + reason(e));
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String t = l.strip();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      throw new VerbFailure(ExitCodes.DATA, file + " names no mailbox");
    }
    return out;
  }

  static void write(Path file, NameCodec codec, List<String> lines) {
    try (Writer w = Files.newBufferedWriter(file, codec.fileCharset())) {
      for (String l : lines) {
        w.write(l);
        w.write('\n');
      }
    } catch (IOException e) {
      throw new VerbFailure(ExitCodes.CANNOT_CREATE, "cannot write " + file + ": " + reason(e));
    }
  }

  /** A short reason for the one-line error, without the path the message already names. */
  private static String reason(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    return switch (t) {
      case java.nio.file.NoSuchFileException n -> "no such file";
      case java.nio.file.AccessDeniedException a -> "permission denied";
      case java.nio.charset.CharacterCodingException c -> "not in " + "the -E encoding";
      default -> t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    };
  }
}
