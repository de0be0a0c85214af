package dev.msgstore.scripting.repl;

import dev.msgstore.scripting.ScriptExit;
import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.scripting.repl.Analysis.ScriptMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the REPL's entries share beyond the host's binding: the methods defined so far and the
 * entries that ran. Each entry is its own script, so a method it defines would be gone with it; the
 * session appends the kept methods' source to every later entry (after its own code, so that its
 * line numbers stay those typed), a method of the same signature defined again replacing the kept
 * one. Classes need no keeping: the host's class loader keeps them.
 */
final class Session {
  /** The last non-null result, in the binding. */
  static final String LAST_RESULT = "_";

  private final ScriptHost host;
  private final Map<String, String> methods = new LinkedHashMap<>();
  private final List<String> ran = new ArrayList<>();

  Session(ScriptHost host) {
    this.host = host;
  }

  /** What an entry did. */
  sealed interface Outcome {
    record Value(Object value) implements Outcome {}

    record Failed(Throwable error) implements Outcome {}

    /** The entry called {@code exit(code)}. */
    record Exit(int code) implements Outcome {}
  }

  /** Runs one entry as typed; an entry left incomplete is run as it is, to report its error. */
  Outcome run(String entry) {
    Analysis analysis = EntryAnalyzer.analyze(entry);
    try {
      return switch (analysis) {
        case Analysis.Invalid invalid -> new Outcome.Failed(invalid.failure());
        case Analysis.Incomplete incomplete -> {
          host.evaluate(entry, EntryAnalyzer.SOURCE); // throws the compiler's own error
          yield new Outcome.Failed(new IllegalStateException("the entry is incomplete"));
        }
        case Analysis.Complete complete -> {
          Object value = host.evaluate(withKeptMethods(complete), EntryAnalyzer.SOURCE);
          ran.add(entry);
          complete.methods().forEach(m -> methods.put(m.signature(), m.source()));
          if (value != null) {
            host.binding().setVariable(LAST_RESULT, value);
          }
          yield new Outcome.Value(value);
        }
      };
    } catch (ScriptExit exit) {
      return new Outcome.Exit(exit.code());
    } catch (Exception | LinkageError | StackOverflowError e) {
      return new Outcome.Failed(e);
    }
  }

  private String withKeptMethods(Analysis.Complete entry) {
    Set<String> own =
        entry.methods().stream().map(ScriptMethod::signature).collect(Collectors.toSet());
    StringBuilder code = new StringBuilder(entry.code());
    methods.forEach(
        (signature, source) -> {
          if (!own.contains(signature)) {
            code.append('\n').append(source);
          }
        });
    return code.toString();
  }

  /** The entries that ran, as typed, oldest first. */
  List<String> ran() {
    return List.copyOf(ran);
  }

  ScriptHost host() {
    return host;
  }
}
