package dev.msgstore.scripting.repl;

import java.util.List;
import org.codehaus.groovy.control.CompilationFailedException;

/** What an entry is, once Groovy's parser has seen it. */
sealed interface Analysis {

  /**
   * It parses: {@code code} is what to run (its top-level declarations made binding assignments),
   * {@code methods} the methods it defines, for later entries to keep.
   */
  record Complete(String code, List<ScriptMethod> methods) implements Analysis {}

  /** It ends before it is finished: read another line. */
  record Incomplete(int openBrackets) implements Analysis {}

  /** It cannot parse, whatever follows. */
  record Invalid(CompilationFailedException failure) implements Analysis {}

  /** A method an entry defined: its signature (name and parameter types) and its source. */
  record ScriptMethod(String signature, String source) {}
}
