package dev.msgstore.scripting.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries from lines of text (a pipe, a file, {@code /load}): no prompt and no editing. Lines are
 * joined while the entry is incomplete; at the end of input an incomplete entry is returned as it
 * is, for its error to be reported. The history is this session's entries.
 */
final class PlainEntries implements EntrySource {
  private final BufferedReader in;
  private final List<String> history = new ArrayList<>();

  PlainEntries(BufferedReader in) {
    this.in = in;
  }

  @Override
  public String next() throws IOException {
    StringBuilder entry = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null) {
      if (entry.isEmpty() && SlashCommand.isCommand(line)) {
        return remember(line.strip());
      }
      if (!entry.isEmpty()) {
        entry.append('\n');
      }
      entry.append(line);
      if (entry.toString().isBlank()) {
        entry.setLength(0);
      } else if (!EntryAnalyzer.wantsMore(entry.toString())) {
        return remember(entry.toString());
      }
    }
    return entry.isEmpty() ? null : remember(entry.toString());
  }

  private String remember(String entry) {
    history.add(entry);
    return entry;
  }

  @Override
  public List<String> history() {
    return List.copyOf(history);
  }

  @Override
  public boolean interactive() {
    return false;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
