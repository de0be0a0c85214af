package dev.msgstore.scripting.repl;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.scripting.verbs.ScriptVerb;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Tab completion: slash commands; verbs and the binding's variables; a verb's modes after {@code
 * verb.}; the methods of a variable's value after {@code name.}; a verb's named arguments inside
 * its call ({@code pattern: }); inside a string, a verb's option flags (from its picocli model, the
 * one source of what a verb accepts) when the string starts with {@code -}, else mailbox names.
 */
final class ReplCompleter implements Completer {
  /** Mailbox names offered at most: a prefix narrows a big store's list. */
  private static final int MAX_MAILBOXES = 500;

  private final ScriptHost host;
  private final Map<String, List<Candidate>> flags = new LinkedHashMap<>();

  ReplCompleter(ScriptHost host) {
    this.host = host;
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    CommandLine launcher =
        Main.commandLine(new CliContext(quiet, quiet, Map.of(), "shell", List.of()));
    host.verbs()
        .keySet()
        .forEach(
            verb -> {
              CommandLine sub = launcher.getSubcommands().get(verb);
              if (sub != null) {
                flags.put(verb, flags(sub.getCommandSpec().options()));
              }
            });
  }

  private static List<Candidate> flags(List<OptionSpec> options) {
    List<Candidate> out = new ArrayList<>();
    for (OptionSpec o : options) {
      if (o.usageHelp() || o.versionHelp() || o.longestName().equals("--store")) {
        continue; // meaningless in a script, whose host has its store
      }
      String description = o.description().length > 0 ? o.description()[0] : null;
      for (String name : o.names()) {
        out.add(new Candidate(name, name, "options", description, null, null, false));
      }
    }
    return out;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    CursorContext at =
        line instanceof CursorContext c ? c : CursorContext.at(line.line(), line.cursor());
    switch (at.kind()) {
      case COMMAND -> {
        for (SlashCommand c : SlashCommand.values()) {
          candidates.add(new Candidate(c.word(), c.word(), "commands", null, null, null, true));
        }
      }
      case MEMBER -> members(at.receiver(), candidates);
      case NAME -> names(at, candidates);
      case STRING -> strings(at, candidates);
      case NONE -> {}
    }
  }

  private void members(String receiver, List<Candidate> candidates) {
    if (receiver == null) {
      return;
    }
    ScriptVerb verb = host.verb(receiver);
    if (verb != null && !host.binding().hasVariable(receiver)) {
      verb.modes().forEach(m -> candidates.add(plain(m, "modes")));
      return;
    }
    Object value =
        host.binding().hasVariable(receiver) ? host.binding().getVariable(receiver) : null;
    if (value == null) {
      return;
    }
    TreeSet<String> methods = new TreeSet<>();
    for (Method m : value.getClass().getMethods()) {
      if (m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers())) {
        methods.add(m.getName());
      }
    }
    methods.forEach(m -> candidates.add(plain(m, "methods")));
  }

  private void names(CursorContext at, List<Candidate> candidates) {
    ScriptVerb called = verbOf(at.callee());
    if (called != null && at.argumentPosition()) {
      for (String option : called.options()) {
        candidates.add(plain(option + ": ", "named arguments"));
      }
      ScriptVerb.HOST_ARGUMENTS.forEach(a -> candidates.add(plain(a + ": ", "named arguments")));
    }
    host.verbs().keySet().forEach(v -> candidates.add(plain(v, "verbs")));
    for (Object name : host.binding().getVariables().keySet()) {
      candidates.add(plain(String.valueOf(name), "variables"));
    }
  }

  private void strings(CursorContext at, List<Candidate> candidates) {
    ScriptVerb called = verbOf(at.callee());
    if (at.word().startsWith("-")) {
      if (called != null) {
        candidates.addAll(flags.getOrDefault(called.name(), List.of()));
      }
      return;
    }
    if (at.word().contains("*") || at.word().contains("%")) {
      return; // a pattern being written, not a name
    }
    try {
      List<MailboxRecord> boxes = host.store().mailboxes(at.word() + "*");
      boxes.stream()
          .limit(MAX_MAILBOXES)
          .forEach(b -> candidates.add(plain(b.name(), "mailboxes")));
    } catch (RuntimeException e) {
      // not a name a pattern can be made of: nothing to offer, and typing goes on
    }
  }

  /** The verb of a call {@code verb(...)}, {@code verb.mode(...)} or {@code verb '-x', ...}. */
  private ScriptVerb verbOf(String callee) {
    if (callee == null) {
      return null;
    }
    int dot = callee.indexOf('.');
    return host.verb(dot < 0 ? callee : callee.substring(0, dot));
  }

  /** A candidate that ends nothing: after it come a dot, a parenthesis, a value or a quote. */
  private static Candidate plain(String value, String group) {
    return new Candidate(value, value, group, null, null, null, false);
  }
}
