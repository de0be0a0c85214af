package dev.msgstore.services.imap.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Test helpers: a message as text (LF written, CRLF meant), parsed and read without a store. */
final class Mime {
  private Mime() {}

  static byte[] crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  static MimePart parse(byte[] message) {
    try {
      return MimeParser.parse(new ByteArrayInputStream(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String body(byte[] message, boolean extended) {
    StringBuilder out = new StringBuilder();
    ImapText.body(out, parse(message), extended);
    return out.toString();
  }

  static String envelope(byte[] message) {
    StringBuilder out = new StringBuilder("(");
    ImapText.envelope(out, parse(message).envelope());
    return out.append(')').toString();
  }

  static String section(byte[] message, Section s) {
    Sections.Target t = Sections.resolve(parse(message), message.length, s);
    byte[] bytes =
        switch (t) {
          case Sections.Target.Range r ->
              Arrays.copyOfRange(message, (int) r.start(), (int) r.end());
          case Sections.Target.Fields f -> {
            try (InputStream in =
                new ByteArrayInputStream(
                    Arrays.copyOfRange(message, (int) f.start(), (int) f.end()))) {
              yield Sections.filterHeader(in, f.names(), f.not());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** "1.2.HEADER.FIELDS (From To)" as the IMAP parser gives it. */
  static Section sec(String spec) {
    String s = spec;
    List<String> fields = List.of();
    int paren = s.indexOf(" (");
    if (paren >= 0) {
      fields = List.of(s.substring(paren + 2, s.length() - 1).split(" "));
      s = s.substring(0, paren);
    }
    List<Integer> part = new java.util.ArrayList<>();
    String[] bits = s.isEmpty() ? new String[0] : s.split("\\.");
    int i = 0;
    while (i < bits.length && bits[i].matches("\\d+")) {
      part.add(Integer.parseInt(bits[i++]));
    }
    String rest = String.join(".", Arrays.copyOfRange(bits, i, bits.length)).toUpperCase();
    Section.Kind kind =
        switch (rest) {
          case "" -> Section.Kind.ALL;
          case "HEADER" -> Section.Kind.HEADER;
          case "HEADER.FIELDS" -> Section.Kind.HEADER_FIELDS;
          case "HEADER.FIELDS.NOT" -> Section.Kind.HEADER_FIELDS_NOT;
          case "TEXT" -> Section.Kind.TEXT;
          case "MIME" -> Section.Kind.MIME;
          default -> throw new IllegalArgumentException(spec);
        };
    return new Section(part, kind, fields);
  }
}
