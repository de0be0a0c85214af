package dev.msgstore.commands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link InputFile#unquote} leaves of a message about a file's lines. */
class InputFileTest {
  final InputFile shadow =
      new InputFile(
          "/etc/shadow", List.of("root:$6$SECRET:19000:0:99999:7:::", "  joe  x  ", "a = b c"));

  @Test
  void aQuotedLineOrWordBecomesWhereItIs() {
    assertEquals(
        "no such mailbox: [/etc/shadow, line 1]",
        shadow.unquote("no such mailbox: root:$6$SECRET:19000:0:99999:7:::"));
    assertEquals(
        "'[/etc/shadow, line 2]' and [/etc/shadow, line 2]", shadow.unquote("'joe' and x"));
    assertEquals(
        "value '[/etc/shadow, line 3]' for [/etc/shadow, line 3]",
        shadow.unquote("value 'b c' for a"));
  }

  @Test
  void aPieceInsideAWordOfTheMessageIsLeft() {
    assertEquals("user/joe/INBOX exists", shadow.unquote("user/joe/INBOX exists"));
    assertEquals("abc", shadow.unquote("abc"));
  }

  @Test
  void namesOfOursAreKept() {
    assertEquals(
        "a takes a uint: '[/etc/shadow, line 3]'",
        shadow.unquote("a takes a uint: 'b c'", "a"::equals));
  }
}
