package dev.msgstore.services.imap.message;

import java.util.List;

/**
 * A section specification of {@code BODY[...]} (RFC 3501 6.4.5), as the IMAP parser produces it
 * from {@code BODY[1.2.HEADER.FIELDS (From To)]}: {@code part} is empty for the whole message,
 * {@code fields} is empty unless the kind is {@code HEADER_FIELDS} or {@code HEADER_FIELDS_NOT}.
 */
public record Section(List<Integer> part, Kind kind, List<String> fields) {
  public enum Kind {
    ALL,
    HEADER,
    HEADER_FIELDS,
    HEADER_FIELDS_NOT,
    TEXT,
    MIME
  }

  public Section {
    part = List.copyOf(part);
    fields = List.copyOf(fields);
  }

  /** {@code BODY[]}: the whole message. */
  public static Section all() {
    return new Section(List.of(), Kind.ALL, List.of());
  }
}
