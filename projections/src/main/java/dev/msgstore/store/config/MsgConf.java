package dev.msgstore.store.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code msg.conf} text format: {@code name = value} lines, {@code #} comments and blank lines
 * ignored. A value that is empty, has blanks at its ends, or holds {@code "}, {@code #} or {@code
 * \} is written in double quotes with {@code \"} and {@code \\} escapes; reading undoes that. The
 * same format is what {@code configutil -i} imports and {@code -f} works on.
 */
public final class MsgConf {
  private MsgConf() {}

  /** A line that is not {@code name = value}. */
  public static final class MalformedException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedException(int line, String why) {
      super("line " + line + ": " + why);
    }
  }

  /** Parses the lines; a repeated name keeps its last value. */
  public static Map<String, String> parse(List<String> lines) throws MalformedException {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      String name = eq < 0 ? "" : l.substring(0, eq).strip();
      if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ')) {
        // the line number only: the file may be anything, and its lines are not ours to echo
        throw new MalformedException(i + 1, "expected 'name = value'");
      }
      out.put(name, unquote(l.substring(eq + 1).strip(), i + 1));
    }
    return out;
  }

  private static String unquote(String v, int line) throws MalformedException {
    if (!v.startsWith("\"")) {
      return v;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') {
        if (i != v.length() - 1) {
          throw new MalformedException(line, "text after the closing quote");
        }
        return sb.toString();
      }
      if (c == '\\' && i + 1 < v.length()) {
        c = v.charAt(++i);
      }
      sb.append(c);
    }
    throw new MalformedException(line, "no closing quote");
  }

  /** {@code name = value}, quoting the value when reading it back needs it. */
  public static String line(String name, String value) {
    return name + " = " + quote(value);
  }

  public static String quote(String v) {
    boolean plain =
        !v.isEmpty()
            && v.equals(v.strip())
            && v.chars().noneMatch(c -> c == '"' || c == '#' || c == '\\' || c < ' ');
    if (plain && !v.contains(" ")) {
      return v;
    }
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The whole file: a comment header, then the options sorted by name. */
  public static String format(String header, Map<String, String> options) {
    StringBuilder sb = new StringBuilder();
    for (String h : header.split("\n")) {
      sb.append("# ").append(h).append('\n');
    }
    options.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(line(e.getKey(), e.getValue())).append('\n'));
    return sb.toString();
  }

  /** Writes {@code text} to {@code file} unless it already holds it: temp file, then rename. */
  public static boolean writeIfChanged(Path file, String text) throws IOException {
    return writeIfChanged(file, text, new FileAttribute<?>[0]);
  }

  /**
   * The same, with a temp file that a new {@code file} then keeps made with {@code attributes} (a
   * store's file is made with its directory's mode, never first under the process's umask).
   */
  public static boolean writeIfChanged(Path file, String text, FileAttribute<?>... attributes)
      throws IOException {
    if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
      return false;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    try (SeekableByteChannel out =
        Files.newByteChannel(
            tmp,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE),
            attributes)) {
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }
}
