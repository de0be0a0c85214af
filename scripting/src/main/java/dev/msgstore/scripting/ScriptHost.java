package dev.msgstore.scripting;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.scripting.verbs.NamedArguments;
import dev.msgstore.scripting.verbs.ScriptVerb;
import dev.msgstore.scripting.verbs.VerbException;
import dev.msgstore.store.DryRun;
import dev.msgstore.store.Store;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import picocli.CommandLine;

/**
 * The Groovy host: one store, the verbs bound as script verbs, and a shell that compiles scripts
 * against {@link MsgstoreScript}. Every verb a script calls runs through the launcher's own command
 * line in this JVM, sharing the host's open store, and every commit it makes names the script and
 * its line in the journal.
 */
public final class ScriptHost implements AutoCloseable {
  private final HostSettings settings;
  private final Store store;
  private final ScriptStore scriptStore;
  private final Map<String, ScriptVerb> verbs = new LinkedHashMap<>();
  private final GroovyShell shell;
  private final Binding binding = new Binding();
  private volatile String source = "shell";

  public ScriptHost(HostSettings settings) {
    this.settings = settings;
    Path root = settings.root();
    // In a dry run, store's queries see what the run would have written so far, as its verbs do.
    Store opened = Store.open(root);
    if (settings.dryRun() == null) {
      this.store = opened;
    } else {
      try (opened) {
        this.store = opened.dryRun(settings.dryRun());
      }
    }
    this.scriptStore = new ScriptStore(store, this);
    CommandLine launcher =
        Main.commandLine(
            context(
                new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()),
                null,
                null));
    launcher
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommand() instanceof ResultVerb && !verbs.containsKey(name)) {
                verbs.put(
                    scriptName(name),
                    new ScriptVerb(
                        name,
                        new NamedArguments(name, sub.getCommandSpec()),
                        sub.getUsageMessage(CommandLine.Help.Ansi.OFF),
                        this::runVerb));
              }
            });
    binding.setVariable("store", scriptStore);
    binding.setVariable("out", settings.out());
    binding.setVariable("err", settings.err());
    this.shell =
        new GroovyShell(ScriptHost.class.getClassLoader(), binding, compilerConfiguration());
  }

  /**
   * The name a script calls a verb by: a Groovy and Java identifier, so {@code start-msg} is {@code
   * startMsg}.
   */
  public static String scriptName(String verb) {
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char c : verb.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  private static CompilerConfiguration compilerConfiguration() {
    CompilerConfiguration cc = new CompilerConfiguration();
    cc.setScriptBaseClass(MsgstoreScript.class.getName());
    cc.setSourceEncoding(StandardCharsets.UTF_8.name());
    ImportCustomizer imports = new ImportCustomizer();
    imports.addStarImports(
        "dev.msgstore.scripting",
        "dev.msgstore.scripting.verbs",
        "dev.msgstore.projections.model",
        "java.nio.file",
        "java.time");
    cc.addCompilationCustomizers(imports);
    // Loops, closures and methods check for an interrupt, so that Ctrl-C in the shell stops a
    // loop that calls nothing which waits.
    cc.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class));
    return cc;
  }

  public HostSettings settings() {
    return settings;
  }

  public Map<String, ScriptVerb> verbs() {
    return verbs;
  }

  /** The verb by its script name ({@code startMsg}) or its command line's ({@code start-msg}). */
  public ScriptVerb verb(String name) {
    return verbs.get(scriptName(name));
  }

  public ScriptStore store() {
    return scriptStore;
  }

  public Binding binding() {
    return binding;
  }

  public GroovyShell shell() {
    return shell;
  }

  /**
   * Compiles the script file, then runs it with {@code args}; nothing runs if it does not compile.
   */
  public Object run(Path file, List<String> args) throws IOException {
    Script script = shell.parse(file.toFile());
    binding.setVariable("args", args.toArray(String[]::new));
    source = file.getFileName().toString();
    return script.run();
  }

  /** Compiles and runs one piece of code (a REPL entry) in the host's binding. */
  public Object evaluate(String code, String name) {
    Script script = shell.parse(code, name);
    source = name;
    return script.run();
  }

  /**
   * Runs {@code verb argv} as the launcher would, quietly: what it prints is dropped and what it
   * says on stderr kept for its failure's message, unless {@code print} is true, when both go to
   * the host's streams as they come. A failure becomes a {@link VerbException} with what the verb
   * said and the line the command line would have printed.
   */
  private Object runVerb(String verb, List<String> argv, Map<String, Object> host) {
    boolean print = Boolean.TRUE.equals(host.get("print"));
    StringWriter said = new StringWriter();
    PrintWriter out = new PrintWriter(print ? settings.out() : Writer.nullWriter());
    PrintWriter err = new PrintWriter(print ? new Tee(settings.err(), said) : said);
    Object stdin = host.get("stdin");
    InputStream in = input(stdin);
    CliContext ctx = context(out, err, origin(verb, argv), in);
    CommandLine launcher = Main.commandLine(ctx, verb);
    Throwable[] cause = new Throwable[1];
    String[] failure = new String[1];
    launcher.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cause[0] = ex;
          failure[0] = Main.failure(cmd, ex);
          return ExitCodes.of(ex);
        });
    launcher.setParameterExceptionHandler(
        (ex, args) -> {
          cause[0] = ex;
          failure[0] = Main.failure(ex);
          return ExitCodes.USAGE;
        });
    List<String> line = new ArrayList<>();
    line.add(verb);
    line.addAll(argv);
    int code;
    try {
      code = launcher.execute(line.toArray(String[]::new));
    } finally {
      if (!(stdin instanceof InputStream)) {
        close(in); // opened here (a file, a string); a stream the script gave stays its own
      }
    }
    out.flush();
    err.flush();
    if (code != 0) {
      String message =
          Stream.of(said.toString().strip(), failure[0])
              .filter(m -> m != null && !m.isBlank())
              .collect(Collectors.joining(System.lineSeparator()));
      throw new VerbException(
          verb, code, message.isEmpty() ? verb + ": exit " + code : message, cause[0]);
    }
    return ((ResultVerb) launcher.getSubcommands().get(verb).getCommand()).result();
  }

  private CliContext context(PrintWriter out, PrintWriter err, String origin, InputStream in) {
    Map<String, String> env = new HashMap<>(settings.env());
    env.put("MSGSTORE_HOME", settings.root().toString());
    return new CliContext(
        out,
        err,
        in == null ? InputStream.nullInputStream() : in,
        env,
        settings.actor(),
        origin == null ? settings.origin() : origin,
        settings.dryRun());
  }

  /** {@code msgstore run provision.groovy (by root), line 12: mboxutil -c user/joe/Sent} */
  String origin(String verb, List<String> argv) {
    StringBuilder sb = new StringBuilder(settings.origin());
    int line = scriptLine();
    if (line > 0) {
      sb.append(", line ").append(line);
    }
    sb.append(": ").append(verb);
    for (String a : argv) {
      sb.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"].*") ? quote(a) : a);
    }
    return sb.toString();
  }

  private static String quote(String a) {
    return "'" + a.replace("'", "'\\''") + "'";
  }

  /** The line of the running script that called in, from the call stack. */
  private int scriptLine() {
    for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
      if (source.equals(e.getFileName()) && e.getLineNumber() > 0) {
        return e.getLineNumber();
      }
    }
    return -1;
  }

  private static InputStream input(Object stdin) {
    return switch (stdin) {
      case null -> InputStream.nullInputStream();
      case byte[] b -> new ByteArrayInputStream(b);
      case InputStream in -> in;
      case File f -> open(f.toPath());
      case Path p -> open(p);
      default -> new ByteArrayInputStream(stdin.toString().getBytes(StandardCharsets.UTF_8));
    };
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(Path p) {
    try {
      return Files.newInputStream(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  @Override
  public void close() {
    store.close();
  }

  /** Where a host runs and who it speaks for. */
  public record HostSettings(
      Path root,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      String actor,
      String origin,
      DryRun dryRun) {
    public HostSettings {
      root = root.toAbsolutePath().normalize();
      env = Map.copyOf(env);
      Objects.requireNonNull(actor);
      Objects.requireNonNull(origin);
    }
  }
}
