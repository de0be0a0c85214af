package dev.msgstore.scripting.repl;

import dev.msgstore.scripting.repl.Analysis.ScriptMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

/**
 * Parses an entry as far as Groovy's syntax tree (no classes are made) to tell a finished entry
 * from one that continues on the next line and from one that is wrong.
 *
 * <p>An entry that parses is complete. One that does not is incomplete when more input could
 * complete it: Groovy's parser ran into the end of the input ({@code Unexpected input: '<EOF>'}),
 * or the text ends with a bracket, a triple-quoted or slashy string or a block comment open, or
 * with an operator, a comma or a dot. Anything else is reported at once, and so is a one-line
 * string left open: Groovy does not let such a string span lines, so no next line could close it.
 */
final class EntryAnalyzer {
  /** The name errors are reported under, the same as the host's for the entry it then runs. */
  static final String SOURCE = "shell";

  private EntryAnalyzer() {}

  static Analysis analyze(String text) {
    CompilationUnit unit = new CompilationUnit(new CompilerConfiguration());
    SourceUnit unitSource = unit.addSource(SOURCE, text);
    try {
      unit.compile(Phases.CONVERSION);
    } catch (CompilationFailedException e) {
      LexicalScan scan = LexicalScan.of(text);
      boolean fixable = !scan.unbalanced() && !scan.brokenString();
      if (fixable && (scan.wantsMore() || reachedEnd(e))) {
        return new Analysis.Incomplete(scan.open().size());
      }
      return new Analysis.Invalid(e);
    }
    ModuleNode module = unitSource.getAST();
    SourceText source = new SourceText(text);
    return new Analysis.Complete(Declarations.rewrite(source, module), methods(source, module));
  }

  /** Whether more lines could still make {@code text} parse. */
  static boolean wantsMore(String text) {
    return analyze(text) instanceof Analysis.Incomplete;
  }

  private static boolean reachedEnd(CompilationFailedException e) {
    if (!(e instanceof MultipleCompilationErrorsException m)) {
      return false;
    }
    for (Object message : m.getErrorCollector().getErrors()) {
      if (message instanceof SyntaxErrorMessage s
          && s.getCause().getOriginalMessage().contains("'<EOF>'")) {
        return true;
      }
    }
    return false;
  }

  private static List<ScriptMethod> methods(SourceText source, ModuleNode module) {
    List<ScriptMethod> methods = new ArrayList<>();
    for (MethodNode m : module.getMethods()) {
      String text = source.slice(m);
      if (text != null) {
        methods.add(new ScriptMethod(signature(m), text));
      }
    }
    return methods;
  }

  /** {@code twice(int)}: what makes two methods of a script the same method. */
  static String signature(MethodNode m) {
    return m.getName()
        + Stream.of(m.getParameters())
            .map(p -> p.getOriginType().getName())
            .collect(Collectors.joining(",", "(", ")"));
  }
}
