package dev.msgstore.scripting.repl;

import java.io.IOException;
import java.util.List;

/** Where the REPL's entries come from: a terminal with a line editor, or plain lines. */
interface EntrySource extends AutoCloseable {

  /**
   * The next entry: a slash command, or Groovy code of one line or of several when the first ones
   * were incomplete; null at the end of input.
   */
  String next() throws IOException;

  /** The history, oldest first, as {@code /history} shows it. */
  List<String> history();

  /** Whether a person is typing: prompts are shown, and the end of input is no failure. */
  boolean interactive();

  /**
   * What Ctrl-C does while no entry is being read (the line editor keeps it while one is). Plain
   * lines have no terminal: there Ctrl-C ends the process, as it does {@code msgstore run}.
   */
  default void onInterrupt(Runnable action) {}

  @Override
  void close() throws IOException;
}
