package dev.msgstore.scripting.repl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;

/**
 * Makes an entry's top-level declarations outlive it, as groovysh does: {@code def x = 1}, {@code
 * var x = 1}, {@code final x = 1}, {@code def (a, b) = [1, 2]} become assignments to the binding,
 * which every later entry sees. A typed declaration keeps its conversion as a cast ({@code Set s =
 * [1, 2]} is {@code s = (Set) ([1, 2])}, still a set), though the variable is untyped afterwards.
 *
 * <p>The rewrite is of the source text, at the positions Groovy's parser gives, because the host's
 * compiler configuration is its own: an AST customizer could not be added to it. The declaring
 * words are blanked rather than removed, so that line and column numbers in later errors still
 * point into the entry as typed. Declarations inside blocks, methods and closures stay local, and
 * annotated ones ({@code @Field}) are left as they are.
 */
final class Declarations {
  private Declarations() {}

  private record Edit(int start, int end, String replacement) {}

  static String rewrite(SourceText source, ModuleNode module) {
    List<Edit> edits = new ArrayList<>();
    for (Statement statement : module.getStatementBlock().getStatements()) {
      if (statement instanceof ExpressionStatement e
          && e.getExpression() instanceof DeclarationExpression d
          && d.getAnnotations().isEmpty()) {
        edits.addAll(assignment(source, d));
      }
    }
    StringBuilder code = new StringBuilder(source.text());
    edits.stream()
        .sorted(Comparator.comparingInt(Edit::start).reversed())
        .forEach(e -> code.replace(e.start(), e.end(), e.replacement()));
    return code.toString();
  }

  private static List<Edit> assignment(SourceText source, DeclarationExpression d) {
    Expression left = d.getLeftExpression();
    int start = source.start(d);
    int name = source.start(left);
    if (start < 0 || name < start) {
      return List.of();
    }
    List<Edit> edits = new ArrayList<>();
    if (name == start) {
      // `def a = 1, b = 2`: the second declarator has no words of its own; its comma ends a
      // statement
      int comma = lastNonBlank(source.text(), start);
      if (comma < 0 || source.text().charAt(comma) != ',') {
        return List.of();
      }
      edits.add(new Edit(comma, comma + 1, ";"));
    } else {
      edits.add(new Edit(start, name, blank(source.text().substring(start, name))));
    }
    switch (left) {
      case VariableExpression v -> edits.addAll(value(source, d, v));
      case TupleExpression t when t.getExpressions().stream().allMatch(Declarations::untyped) -> {}
      default -> {
        return List.of(); // a typed multiple assignment: left local
      }
    }
    return edits;
  }

  /** The value's edits: a cast for a typed variable, the type's default for no initializer. */
  private static List<Edit> value(
      SourceText source, DeclarationExpression d, VariableExpression v) {
    Expression right = d.getRightExpression();
    if (right instanceof EmptyExpression) {
      int end = source.end(v);
      ClassNode type = v.getOriginType();
      String initial =
          v.isDynamicTyped() || !ClassHelper.isPrimitiveType(type)
              ? "null"
              : type.getName().equals("boolean") ? "false" : "(" + type.getName() + ") 0";
      return end < 0 ? List.of() : List.of(new Edit(end, end, " = " + initial));
    }
    if (v.isDynamicTyped()) {
      return List.of();
    }
    int valueStart = source.start(right);
    int valueEnd = source.end(d);
    if (valueStart < 0 || valueEnd < valueStart) {
      return List.of();
    }
    return List.of(
        new Edit(valueStart, valueStart, "(" + typeName(v.getOriginType()) + ") ("),
        new Edit(valueEnd, valueEnd, ")"));
  }

  private static boolean untyped(Expression e) {
    return e instanceof VariableExpression v && v.isDynamicTyped();
  }

  /** The type as written, without its generics, which a cast does not need. */
  private static String typeName(ClassNode type) {
    return type.isArray() ? typeName(type.getComponentType()) + "[]" : type.getName();
  }

  private static String blank(String words) {
    return words.replaceAll("[^\\n]", " ");
  }

  private static int lastNonBlank(String text, int before) {
    int i = before - 1;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    return i;
  }
}
