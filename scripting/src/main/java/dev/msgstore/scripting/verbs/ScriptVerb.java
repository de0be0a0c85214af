package dev.msgstore.scripting.verbs;

import groovy.lang.GroovyObjectSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One utility as a script verb, in two forms with one implementation behind both, the command
 * line's own:
 *
 * <ul>
 *   <li>as documented: {@code mboxutil '-l', '-p', 'user/joe/*'};
 *   <li>typed, with named arguments: {@code mboxutil.list(pattern: 'user/joe/*')}, where {@code
 *       list} is the switch {@code -l} by its name and {@code pattern} the option {@code -p}.
 * </ul>
 *
 * Both return the verb's result object and print nothing, unless given {@code print: true}. A
 * message for standard input is given as {@code stdin:}. A failure is a {@link VerbException}.
 */
public final class ScriptVerb extends GroovyObjectSupport {
  /** Named arguments that go to the host, not to the verb. */
  public static final List<String> HOST_ARGUMENTS = List.of("print", "stdin");

  private final String name;
  private final NamedArguments named;
  private final String usage;
  private final VerbRunner runner;

  public ScriptVerb(String name, NamedArguments named, String usage, VerbRunner runner) {
    this.name = name;
    this.named = named;
    this.usage = usage;
    this.runner = runner;
  }

  public String name() {
    return name;
  }

  /** The verb's usage text, as {@code msgstore <verb> --help} prints it. */
  public String help() {
    return usage;
  }

  /** The names the typed form takes. */
  public List<String> options() {
    return named.names();
  }

  /** The switches that are also methods of the typed form: {@code mboxutil.list(...)}. */
  public List<String> modes() {
    return named.switches();
  }

  /**
   * The command line as documented ({@code stdin:} and {@code print:} may come with it), or, when
   * named arguments name the verb's options, the typed form without a mode.
   */
  public Object call(Object... args) {
    List<Object> rest = List.of(args);
    Map<String, Object> host = Map.of();
    if (args.length > 0 && args[0] instanceof Map<?, ?> m) {
      rest = rest.subList(1, args.length);
      if (!HOST_ARGUMENTS.containsAll(m.keySet().stream().map(String::valueOf).toList())) {
        return typed(null, m, rest);
      }
      // only stdin: or print: given: still the command line as documented
      host = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        host.put(String.valueOf(e.getKey()), e.getValue());
      }
    }
    List<String> argv = new ArrayList<>();
    for (Object a : rest) {
      argv.add(String.valueOf(a));
    }
    return runner.run(name, argv, host);
  }

  /** The typed form: {@code mode} is one of {@link #modes()}, or null. For Java and JShell. */
  public Object typed(String mode, Map<?, ?> namedArguments, List<?> positional) {
    Map<Object, Object> verbArguments = new LinkedHashMap<>();
    Map<String, Object> host = new LinkedHashMap<>();
    if (mode != null) {
      verbArguments.put(mode, true);
    }
    for (Map.Entry<?, ?> e : namedArguments.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (HOST_ARGUMENTS.contains(key)) {
        host.put(key, e.getValue());
      } else {
        verbArguments.put(key, e.getValue());
      }
    }
    return runner.run(name, named.commandLine(verbArguments, positional), host);
  }

  /** Groovy calls this for {@code verb.mode(...)}: a switch of the verb used as a method. */
  public Object methodMissing(String method, Object args) {
    Object[] a = args instanceof Object[] array ? array : new Object[] {args};
    if (!named.isSwitch(method)) {
      throw new VerbException(
          name,
          64,
          name
              + ": no mode '"
              + method
              + "'; its modes are: "
              + String.join(", ", named.switches()));
    }
    if (a.length > 0 && a[0] instanceof Map<?, ?> m) {
      return typed(method, m, List.of(a).subList(1, a.length));
    }
    return typed(method, Map.of(), List.of(a));
  }

  @Override
  public String toString() {
    return name + " (a verb: " + name + " '-option', ... or " + name + ".mode(name: value, ...))";
  }
}
