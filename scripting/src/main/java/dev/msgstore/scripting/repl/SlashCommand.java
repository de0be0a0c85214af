package dev.msgstore.scripting.repl;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.scripting.repl.Repl.Flow;
import dev.msgstore.scripting.verbs.ScriptVerb;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.runtime.FormatHelper;

/**
 * The REPL's own commands, groovysh 5's: a line that starts with {@code /} and a word. (A slashy
 * string that starts a line and has a blank right after its first word reads as a command: start
 * such an entry with a blank or parentheses.)
 */
enum SlashCommand {
  HELP("[verb]", "list the commands and the verbs, or show a verb's usage") {
    @Override
    Flow run(Repl repl, String arg) {
      return Help.show(repl, arg);
    }
  },
  EXIT("[code]", "leave the shell (also /quit, or Ctrl-D)") {
    @Override
    Flow run(Repl repl, String arg) {
      if (arg.isEmpty()) {
        return Flow.exit(repl.endOfInput());
      }
      try {
        return Flow.exit(Integer.parseInt(arg));
      } catch (NumberFormatException e) {
        repl.fail(ExitCodes.USAGE, "shell: /exit takes an exit code, not '" + arg + "'");
        return Flow.CONTINUE;
      }
    }
  },
  QUIT("[code]", null) {
    @Override
    Flow run(Repl repl, String arg) {
      return EXIT.run(repl, arg);
    }
  },
  LOAD("FILE", "run a file's statements in this session, as if typed") {
    @Override
    Flow run(Repl repl, String arg) {
      return arg.isEmpty() ? usage(repl) : repl.load(path(arg));
    }
  },
  SAVE("FILE", "save this session's entries that ran (not the failed ones) to a file") {
    @Override
    Flow run(Repl repl, String arg) {
      if (arg.isEmpty()) {
        return usage(repl);
      }
      List<String> entries = repl.session().ran();
      Path file = path(arg);
      try {
        Files.write(file, entries, StandardCharsets.UTF_8);
        repl.out().println("saved " + entries.size() + " entries to " + file);
        repl.out().flush();
      } catch (IOException e) {
        repl.fail(ExitCodes.CANNOT_CREATE, "shell: cannot write " + file + ": " + e.getMessage());
      }
      return Flow.CONTINUE;
    }
  },
  HISTORY("", "show the history, numbered") {
    @Override
    Flow run(Repl repl, String arg) {
      List<String> history = repl.history();
      int width = String.valueOf(history.size()).length();
      for (int i = 0; i < history.size(); i++) {
        String number = String.format("%" + width + "d  ", i + 1);
        repl.out().println(number + history.get(i).replace("\n", "\n" + " ".repeat(width + 2)));
      }
      repl.out().flush();
      return Flow.CONTINUE;
    }
  },
  VARS("", "show the variables: name, type and value") {
    @Override
    Flow run(Repl repl, String arg) {
      Map<String, Object> vars = new TreeMap<>();
      for (Object e : repl.session().host().binding().getVariables().entrySet()) {
        Map.Entry<?, ?> variable = (Map.Entry<?, ?>) e; // Groovy's Binding gives a raw map
        vars.put(String.valueOf(variable.getKey()), variable.getValue());
      }
      int width = vars.keySet().stream().mapToInt(String::length).max().orElse(0);
      vars.forEach(
          (name, value) ->
              repl.out()
                  .printf(
                      "%-" + width + "s : %s = %s%n",
                      name,
                      value == null ? "null" : value.getClass().getSimpleName(),
                      shortValue(value)));
      repl.out().flush();
      return Flow.CONTINUE;
    }
  };

  private static final Pattern COMMAND = Pattern.compile("\\s*/([A-Za-z]+)(?:\\s+(.*))?");
  private static final int SHORT = 60;

  private final String arguments;
  private final String description;

  SlashCommand(String arguments, String description) {
    this.arguments = arguments;
    this.description = description;
  }

  abstract Flow run(Repl repl, String arg);

  String word() {
    return "/" + name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the line is a command (known or not) rather than code. */
  static boolean isCommand(String line) {
    return COMMAND.matcher(line.strip()).matches();
  }

  static Flow dispatch(Repl repl, String line) {
    Matcher m = COMMAND.matcher(line.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a command: " + line);
    }
    String arg = m.group(2) == null ? "" : m.group(2).strip();
    for (SlashCommand c : values()) {
      if (c.name().equalsIgnoreCase(m.group(1))) {
        return c.run(repl, arg);
      }
    }
    repl.fail(ExitCodes.USAGE, "shell: no command /" + m.group(1) + " (/help lists them)");
    return Flow.CONTINUE;
  }

  Flow usage(Repl repl) {
    repl.fail(ExitCodes.USAGE, "shell: usage: " + word() + " " + arguments);
    return Flow.CONTINUE;
  }

  /** {@code ~/x} is in the home directory, as a shell would have it. */
  static Path path(String arg) {
    return arg.startsWith("~/")
        ? Path.of(System.getProperty("user.home"), arg.substring(2))
        : Path.of(arg);
  }

  static String shortValue(Object value) {
    String s = FormatHelper.toString(value).replace('\n', ' ');
    return s.length() <= SHORT ? s : s.substring(0, SHORT - 3) + "...";
  }

  /** {@code /help}: kept apart to keep the table short. */
  private static final class Help {
    static Flow show(Repl repl, String arg) {
      PrintWriter out = repl.out();
      ScriptHost host = repl.session().host();
      if (!arg.isEmpty()) {
        ScriptVerb verb = host.verb(arg);
        if (verb == null) {
          repl.fail(ExitCodes.USAGE, "shell: no verb " + arg + " (verbs: " + verbs(host) + ")");
        } else {
          out.print(verb.help());
          out.flush();
        }
        return Flow.CONTINUE;
      }
      out.println("Commands:");
      for (SlashCommand c : values()) {
        if (c.description != null) {
          out.printf("  %-18s %s%n", c.word() + " " + c.arguments, c.description);
        }
      }
      out.println("Verbs (as a command line: mboxutil '-l', '-p', 'user/*'; typed, by a mode:");
      out.println("mboxutil.list(pattern: 'user/*'); /help VERB shows a verb's options):");
      host.verbs()
          .forEach(
              (name, verb) ->
                  out.printf(
                      "  %-12s %s%n",
                      name,
                      verb.modes().isEmpty() ? "" : "modes: " + String.join(", ", verb.modes())));
      out.println("Variables: store (typed queries), _ (the last result), out, err; /vars lists");
      out.println("them all. Top-level def/var declarations and methods last for the session.");
      out.println("Ctrl-C stops the entry running (a /load at that entry) and keeps the session;");
      out.println(
          "at the prompt it drops the line being typed. An entry deaf to it: Ctrl-C again,");
      out.println("2 s on or later, ends the shell.");
      out.flush();
      return Flow.CONTINUE;
    }

    private static String verbs(ScriptHost host) {
      return String.join(", ", host.verbs().keySet());
    }
  }
}
