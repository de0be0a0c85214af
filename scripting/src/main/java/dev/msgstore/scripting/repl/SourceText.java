package dev.msgstore.scripting.repl;

import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.ast.ASTNode;

/** An entry's text addressed as Groovy's AST addresses it: 1-based lines and columns. */
final class SourceText {
  private final String text;
  private final List<Integer> lineStarts = new ArrayList<>();

  SourceText(String text) {
    this.text = text;
    lineStarts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lineStarts.add(i + 1);
      }
    }
  }

  String text() {
    return text;
  }

  /** The offset of a line and column, or -1 if the node has no position (synthetic). */
  int offset(int line, int column) {
    if (line < 1 || column < 1 || line > lineStarts.size()) {
      return -1;
    }
    int offset = lineStarts.get(line - 1) + column - 1;
    return offset <= text.length() ? offset : -1;
  }

  int start(ASTNode node) {
    return offset(node.getLineNumber(), node.getColumnNumber());
  }

  /** Where the node ends (exclusive). */
  int end(ASTNode node) {
    return offset(node.getLastLineNumber(), node.getLastColumnNumber());
  }

  /** The node's source, or null if it has no position. */
  String slice(ASTNode node) {
    int start = start(node);
    int end = end(node);
    return start >= 0 && end >= start ? text.substring(start, end) : null;
  }
}
