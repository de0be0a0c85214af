package dev.msgstore.commands.imcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One entry of a projection table as {@code imcheck -d} prints it: the decoded fields (numbers and
 * text) of the tables a reader can decode, else the key and the value in hex.
 */
public record TableEntry(String table, List<Object> fields) {
  public TableEntry {
    // A field may be null (a message without Message-ID), which List.copyOf refuses.
    fields = Collections.unmodifiableList(new ArrayList<>(fields));
  }
}
