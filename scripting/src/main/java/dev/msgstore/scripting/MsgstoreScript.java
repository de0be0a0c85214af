package dev.msgstore.scripting;

import dev.msgstore.scripting.verbs.ScriptVerb;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;

/**
 * The base class of every administration script and REPL entry: its methods are the verbs ({@code
 * mboxutil '-l'}), its properties the verbs too ({@code mboxutil.list(pattern: 'user/*')}), and
 * {@code store}, the typed query API. Everything else a script sees is its own.
 */
public abstract class MsgstoreScript extends Script {
  private ScriptHost host() {
    return ((ScriptStore) getBinding().getVariable("store")).host();
  }

  @Override
  public Object getProperty(String name) {
    if (getBinding().hasVariable(name)) {
      return getBinding().getVariable(name);
    }
    ScriptVerb verb = host().verb(name);
    if (verb != null) {
      return verb;
    }
    try {
      return super.getProperty(name);
    } catch (MissingPropertyException e) {
      throw new MissingPropertyException(
          "no variable or verb '" + name + "' (verbs: " + verbNames() + ")", name, getClass());
    }
  }

  /**
   * A verb called as a method: the documented command line, or named arguments. The script's own
   * methods and the binding's closures come first.
   */
  @Override
  public Object invokeMethod(String name, Object args) {
    try {
      return super.invokeMethod(name, args);
    } catch (MissingMethodException e) {
      ScriptVerb verb = e.getMethod().equals(name) ? host().verb(name) : null;
      if (verb == null) {
        throw e;
      }
      return verb.call(args instanceof Object[] a ? a : new Object[] {args});
    }
  }

  /** Ends the script with this exit code (what {@code msgstore run} returns). */
  public void exit(int code) {
    throw new ScriptExit(code);
  }

  private String verbNames() {
    return String.join(", ", host().verbs().keySet());
  }
}
