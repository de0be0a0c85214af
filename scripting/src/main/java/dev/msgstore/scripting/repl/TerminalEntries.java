package dev.msgstore.scripting.repl;

import dev.msgstore.scripting.ScriptHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Entries typed at a terminal, with JLine's line editor: completion, multi-line entries edited as
 * one, and a history that JLine appends to its file as each entry is accepted, so that a shell that
 * is killed keeps it. Ctrl-C drops the entry being typed, or stops the one running; Ctrl-D on an
 * empty line ends.
 */
final class TerminalEntries implements EntrySource {
  private final Terminal terminal;
  private final LineReader reader;

  private TerminalEntries(Terminal terminal, LineReader reader) {
    this.terminal = terminal;
    this.reader = reader;
  }

  /** Whether standard input and output are both a terminal: else there is nothing to edit on. */
  static boolean available() {
    try {
      List<TerminalProvider> providers =
          TerminalBuilder.builder().getProviders(null, new IllegalStateException());
      return providers.stream()
          .anyMatch(
              p -> p.isSystemStream(SystemStream.Input) && p.isSystemStream(SystemStream.Output));
    } catch (RuntimeException | LinkageError e) {
      return false; // no provider works here: read plain lines
    }
  }

  static TerminalEntries open(ScriptHost host, HistoryLocation history, PrintWriter err)
      throws IOException {
    Terminal terminal = TerminalBuilder.builder().system(true).name("msgstore shell").build();
    LineReaderBuilder builder =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("msgstore")
            .parser(new ReplParser())
            .completer(new ReplCompleter(host))
            .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P.> ")
            // `!` is Groovy's negation, not a history reference
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.HISTORY_INCREMENTAL, true);
    try {
      builder.variable(LineReader.HISTORY_FILE, history.prepare());
    } catch (IOException e) {
      err.println("shell: no history kept: cannot create " + history.file() + ": " + e);
      err.flush();
    }
    LineReader reader = builder.build();
    bindAnsiArrows(reader.getKeyMaps().get(LineReader.MAIN));
    return new TerminalEntries(terminal, reader);
  }

  /**
   * JLine binds the arrows the terminal description names, which for xterm are the keypad mode's
   * (ESC O A); a terminal or multiplexer that ignores that mode sends ESC [ A, which then would
   * insert text instead of moving through the history.
   */
  private static void bindAnsiArrows(KeyMap<Binding> keys) {
    keys.bind(new Reference(LineReader.UP_LINE_OR_HISTORY), "\033[A");
    keys.bind(new Reference(LineReader.DOWN_LINE_OR_HISTORY), "\033[B");
    keys.bind(new Reference(LineReader.FORWARD_CHAR), "\033[C");
    keys.bind(new Reference(LineReader.BACKWARD_CHAR), "\033[D");
  }

  @Override
  public String next() {
    try {
      return reader.readLine(Repl.PROMPT);
    } catch (UserInterruptException e) {
      return "";
    } catch (EndOfFileException e) {
      return null;
    }
  }

  @Override
  public void onInterrupt(Runnable action) {
    terminal.handle(Signal.INT, signal -> action.run());
  }

  @Override
  public List<String> history() {
    List<String> lines = new ArrayList<>();
    for (History.Entry e : reader.getHistory()) {
      lines.add(e.line());
    }
    return lines;
  }

  @Override
  public boolean interactive() {
    return true;
  }

  @Override
  public void close() throws IOException {
    try {
      reader.getHistory().save();
    } finally {
      terminal.close();
    }
  }
}
