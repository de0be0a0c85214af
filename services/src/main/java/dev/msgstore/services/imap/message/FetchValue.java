package dev.msgstore.services.imap.message;

import java.util.List;

/**
 * A value of a FETCH response item as the IMAP response encoder writes it: this package builds them
 * (ENVELOPE, BODYSTRUCTURE), the encoder chooses the bytes. Nothing here touches a socket.
 */
public sealed interface FetchValue {
  /** {@code NIL}. */
  record Nil() implements FetchValue {}

  /** A number. */
  record Num(long value) implements FetchValue {}

  /** An atom, written as it is ({@code 7BIT} is a string in IMAP, but {@code NIL} is an atom). */
  record Atom(String value) implements FetchValue {}

  /** A string: the encoder writes it quoted or as a literal, as its characters need. */
  record Text(String value) implements FetchValue {}

  /** Bytes, always written as a literal. */
  record Bytes(byte[] value) implements FetchValue {}

  /** A parenthesised list. */
  record Group(List<FetchValue> items) implements FetchValue {
    public Group {
      items = List.copyOf(items);
    }
  }

  FetchValue NIL = new Nil();

  static FetchValue text(String s) {
    return s == null ? NIL : new Text(s);
  }

  static Group group(FetchValue... items) {
    return new Group(List.of(items));
  }
}
