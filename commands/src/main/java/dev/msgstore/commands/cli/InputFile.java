package dev.msgstore.commands.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The lines of a file a verb was told to read ({@code imcheck -f}, {@code mboxutil -f}, {@code
 * configutil -f} and {@code -i}). The file may be anything its user can name, {@code /etc/shadow}
 * included, and the verb may run as root; so what a verb says about the file names it and a line
 * number, never what a line holds: an error quotes a name, never another file's contents.
 *
 * @param source the file's name as given (or {@code standard input})
 */
public record InputFile(String source, List<String> lines) {
  public InputFile {
    lines = List.copyOf(lines);
  }

  /**
   * Reads {@code path}'s lines in {@code charset}; a file that cannot be read, or is not text in
   * that charset, fails in one line naming it and why (66, or 65 for what it holds).
   */
  public static InputFile read(Path path, Charset charset) {
    try {
      return new InputFile(path.toString(), Files.readAllLines(path, charset));
    } catch (CharacterCodingException e) {
      throw new VerbFailure(ExitCodes.DATA, path + ": not " + charset.name() + " text");
    } catch (NoSuchFileException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + path + ": no such file");
    } catch (AccessDeniedException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + path + ": permission denied");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new VerbFailure(
          ExitCodes.NO_INPUT, "cannot read " + path + ": " + why.replace(path.toString(), "it"));
    }
  }

  /** {@link #read}, or empty when the file cannot be read now (for a failure already under way). */
  public static Optional<InputFile> tryRead(Path path, Charset charset) {
    try {
      return Optional.of(read(path, charset));
    } catch (VerbFailure e) {
      return Optional.empty();
    }
  }

  /** {@code FILE, line N} for the line at {@code index} (0-based). */
  public String where(int index) {
    return source + ", line " + (index + 1);
  }

  /**
   * {@code failure} as one line that quotes nothing of this file: each piece of a line it quotes (a
   * whole line, a word of it, either side of an {@code =}) replaced by {@code [FILE, line N]}, with
   * the failure's own exit code. The safety net for failures met while acting on the file's lines
   * (a mailbox name read from it, refused deep in the store, is still the file's content).
   */
  public VerbFailure unquoted(Throwable failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    return new VerbFailure(ExitCodes.of(failure), unquote(message));
  }

  /** {@code message} with every piece of this file's lines it quotes replaced by where it is. */
  public String unquote(String message) {
    return unquote(message, piece -> false);
  }

  /**
   * As {@link #unquote(String)}, keeping the pieces that are {@code ours}: names the verb knows (an
   * option of the catalog), which quote nothing the file alone holds.
   */
  public String unquote(String message, Predicate<String> ours) {
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    pieces().stream()
        .filter(p -> message.contains(p.text())) // a file of a million names: only what it quotes
        .filter(p -> !ours.test(p.text()))
        .forEach(p -> lineOf.putIfAbsent(p.text(), p.line()));
    if (lineOf.isEmpty()) {
      return message;
    }
    // one pass, longest piece first, and only where a piece stands as a word of the message
    String any =
        lineOf.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .collect(Collectors.joining("|"));
    Pattern quoted =
        Pattern.compile("(?<=^|[\\s'\"(\\[,:=])(?:" + any + ")(?=$|[\\s'\")\\],.:;=])");
    return quoted
        .matcher(message)
        .replaceAll(m -> Matcher.quoteReplacement("[" + where(lineOf.get(m.group())) + "]"));
  }

  /** The pieces of the lines a message might quote: a line, its words, either side of an =. */
  private List<Piece> pieces() {
    List<Piece> all = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      List<String> parts = new ArrayList<>();
      parts.add(line);
      parts.add(line.strip());
      parts.addAll(List.of(line.strip().split("\\s+")));
      int eq = line.indexOf('=');
      if (eq >= 0) {
        parts.add(line.substring(0, eq).strip());
        parts.add(line.substring(eq + 1).strip());
      }
      for (String part : parts) {
        if (!part.isEmpty()) {
          all.add(new Piece(part, i));
        }
      }
    }
    return all;
  }

  private record Piece(String text, int line) {}
}
