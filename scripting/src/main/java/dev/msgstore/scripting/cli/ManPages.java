package dev.msgstore.scripting.cli;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the man pages of the launcher and every verb as troff ({@code man1/msgstore.1}, {@code
 * man1/msgstore-VERB.1}), from the same picocli model that parses their command lines, with the
 * EXIT STATUS of {@link ExitCodes#table()}. Run at {@code package}; {@code man -l} shows a page,
 * {@code MANPATH=scripting/target/man: man msgstore-mboxutil} finds it.
 */
public final class ManPages {
  private ManPages() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPages OUTPUT_DIR");
    }
    write(Path.of(args[0]));
  }

  /** Writes every page under {@code dir/man1} and returns their paths, the launcher's first. */
  public static List<Path> write(Path dir) throws IOException {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CommandLine launcher = Main.commandLine(new CliContext(none, none, Map.of(), "man", List.of()));
    Path man1 = Files.createDirectories(dir.resolve("man1"));
    List<Path> written = new ArrayList<>();
    written.add(write(man1, launcher.getCommandSpec()));
    for (CommandLine verb : launcher.getSubcommands().values()) {
      written.add(write(man1, verb.getCommandSpec()));
    }
    return written;
  }

  private static Path write(Path man1, CommandSpec spec) throws IOException {
    String name = spec.qualifiedName("-");
    Path page = man1.resolve(name + ".1");
    Files.writeString(page, page(spec));
    return page;
  }

  /** One page: NAME, SYNOPSIS, DESCRIPTION, ARGUMENTS, OPTIONS, COMMANDS, EXIT STATUS, SEE ALSO. */
  static String page(CommandSpec spec) {
    String name = spec.qualifiedName("-");
    StringBuilder t = new StringBuilder();
    String version = spec.root().version().length > 0 ? spec.root().version()[0] : "";
    t.append(".TH ")
        .append(quoted(name.toUpperCase(Locale.ROOT)))
        .append(" 1 \"\" ")
        .append(quoted(version))
        .append(" \"msgstore manual\"\n")
        // left-adjusted and unhyphenated: option names and paths stay whole
        .append(".ad l\n.nh\n");
    List<String> description = texts(spec.usageMessage().description());
    t.append(".SH NAME\n")
        .append(escape(name))
        .append(" \\- ")
        .append(escape(summary(spec)))
        .append('\n');
    t.append(".SH SYNOPSIS\n.nf\n");
    Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
    for (String line : help.synopsis(0).strip().split("\\R")) {
      t.append(escape(line)).append('\n');
    }
    t.append(".fi\n");
    List<String> footer = texts(spec.usageMessage().footer());
    if (!description.isEmpty() || !footer.isEmpty()) {
      t.append(".SH DESCRIPTION\n");
      List<String> all = new ArrayList<>(description);
      all.addAll(footer); // the reference table a utility follows
      paragraphs(t, all, ".PP");
    }
    List<PositionalParamSpec> positionals =
        spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!positionals.isEmpty()) {
      t.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : positionals) {
        t.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
        paragraphs(t, texts(p.description()), ".IP");
      }
    }
    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
    if (!options.isEmpty()) {
      t.append(".SH OPTIONS\n");
      for (OptionSpec o : options) {
        t.append(".TP\n").append(optionHeading(o)).append('\n');
        paragraphs(t, texts(o.description()), ".IP");
      }
    }
    if (!spec.subcommands().isEmpty()) {
      t.append(".SH COMMANDS\n");
      spec.subcommands()
          .forEach(
              (verb, cl) -> {
                t.append(".TP\n\\fB").append(escape(verb)).append("\\fR\n");
                t.append(escape(summary(cl.getCommandSpec()))).append('\n');
              });
    }
    t.append(".SH EXIT STATUS\n");
    for (ExitCodes.Meaning m : ExitCodes.table()) {
      t.append(".TP\n\\fB")
          .append(m.code())
          .append("\\fR (")
          .append(escape(m.name()))
          .append(")\n")
          .append(escape(m.means()))
          .append('\n');
    }
    t.append(".SH SEE ALSO\n");
    if (spec.parent() == null) {
      t.append(escape(String.join(", ", seeAlso(spec)))).append('\n');
    } else {
      t.append("\\fBmsgstore\\fR(1)\n");
    }
    return t.toString();
  }

  private static List<String> seeAlso(CommandSpec launcher) {
    return launcher.subcommands().values().stream()
        .map(cl -> cl.getCommandSpec().qualifiedName("-") + "(1)")
        .toList();
  }

  private static String optionHeading(OptionSpec o) {
    StringBuilder h = new StringBuilder();
    String sep = "";
    for (String n : o.names()) {
      h.append(sep).append("\\fB").append(escape(n)).append("\\fR");
      sep = ", ";
    }
    if (o.arity().max() > 0 && !o.paramLabel().isEmpty()) {
      h.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
    }
    return h.toString();
  }

  /** Non-blank lines as paragraphs, each after the first introduced by {@code macro}. */
  private static void paragraphs(StringBuilder t, List<String> lines, String macro) {
    boolean first = true;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      if (!first) {
        t.append(macro).append('\n');
      }
      t.append(escape(line.strip())).append('\n');
      first = false;
    }
  }

  /** Description lines as picocli shows them: format strings ({@code %n}, {@code %%}). */
  private static List<String> texts(String[] lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String shown;
      try {
        shown = String.format(Locale.ROOT, line);
      } catch (IllegalFormatException e) {
        shown = line; // not a format string after all: shown as written
      }
      out.addAll(List.of(shown.split("\\R", -1)));
    }
    return out;
  }

  /**
   * What the command does, in a line: its header (picocli's help has one), or its description's.
   */
  private static String summary(CommandSpec spec) {
    List<String> header = texts(spec.usageMessage().header());
    List<String> lines = header.isEmpty() ? texts(spec.usageMessage().description()) : header;
    return lines.stream()
        .filter(l -> !l.isBlank())
        .findFirst()
        .map(ManPages::firstSentence)
        .orElse("");
  }

  private static String firstSentence(String line) {
    int end = line.indexOf(". ");
    String s = end < 0 ? line : line.substring(0, end + 1);
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static String quoted(String s) {
    return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
  }

  /**
   * Text for troff: backslashes and hyphens escaped, a control character at a line's start hidden.
   */
  static String escape(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
