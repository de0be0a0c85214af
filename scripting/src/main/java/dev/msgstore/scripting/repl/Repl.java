package dev.msgstore.scripting.repl;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.scripting.ScriptFailure;
import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.scripting.repl.Session.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.codehaus.groovy.runtime.FormatHelper;

/**
 * The REPL's loop: reads entries, runs slash commands and Groovy code, prints each result as {@code
 * ===> value} and each failure as one message, and goes on whatever happens until the input ends,
 * {@code /exit} or the code calls {@code exit(n)}. At a terminal, Ctrl-C stops the entry running (a
 * {@code /load}ed file at that entry) and the prompt comes back.
 *
 * <p>Its exit code: what {@code exit(n)} or {@code /exit n} gave; else, for a person at a terminal,
 * 0; else (a pipe, a file) 0 if every entry succeeded, or the exit code of the last one that
 * failed, so that a script fed to the shell fails as {@code msgstore run} would, yet runs to its
 * end as typed input does.
 */
public final class Repl {
  static final String PROMPT = "msgstore> ";
  static final String RESULT = "===> ";
  static final String INTERRUPTED = "shell: interrupted by Ctrl-C";

  /** 128 + SIGINT: what a shell reports for a process that Ctrl-C ended. */
  static final int ENDED_BY_CTRL_C = 130;

  /** A file that loads itself, directly or not, stops here. */
  private static final int MAX_LOAD_DEPTH = 16;

  private final Session session;
  private final EntrySource source;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean debug;
  private final EntryInterrupter interrupter =
      new EntryInterrupter(EntryInterrupter.GRACE, this::endStuckShell);
  private int lastFailure = ExitCodes.OK;
  private int loadDepth;

  /** What the loop does after an entry: go on, or end the shell with {@code code}. */
  record Flow(boolean ends, int code) {
    static final Flow CONTINUE = new Flow(false, 0);

    static Flow exit(int code) {
      return new Flow(true, code);
    }
  }

  /** {@code debug}: a failure's stack trace follows its message (MSGSTORE_DEBUG). */
  Repl(ScriptHost host, EntrySource source, PrintWriter out, PrintWriter err, boolean debug) {
    this.session = new Session(host);
    this.source = source;
    this.out = out;
    this.err = err;
    this.debug = debug;
    source.onInterrupt(interrupter::interrupt);
  }

  /**
   * The shell on {@code ctx}'s standard input: with the line editor when that is the process's
   * terminal (standard output too), else read as plain lines. Returns the exit code.
   */
  public static int start(ScriptHost host, CliContext ctx) throws IOException {
    boolean terminal = ctx.in() == System.in && TerminalEntries.available();
    boolean debug = ctx.env().containsKey("MSGSTORE_DEBUG");
    Path home = Path.of(System.getProperty("user.home"));
    try (EntrySource source =
        terminal
            ? TerminalEntries.open(host, HistoryLocation.of(ctx.env(), home), ctx.err())
            : new PlainEntries(
                new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)))) {
      return new Repl(host, source, ctx.out(), ctx.err(), debug).run();
    }
  }

  /** Runs the shell until its end; returns its exit code. */
  int run() throws IOException {
    if (source.interactive()) {
      out.println(
          "msgstore shell on "
              + session.host().settings().root()
              + ": Groovy with the verbs and store. /help lists commands and verbs; /exit or"
              + " Ctrl-D leaves.");
      out.flush();
    }
    Flow flow = loop(source);
    if (flow.ends()) {
      return flow.code();
    }
    return endOfInput();
  }

  /** The entries typed or piped in, each of which Ctrl-C can stop. */
  private Flow loop(EntrySource entries) throws IOException {
    String entry;
    while ((entry = entries.next()) != null) {
      Flow flow;
      interrupter.begin();
      try {
        flow = handle(entry);
      } finally {
        interrupter.end();
      }
      if (flow.ends()) {
        return flow;
      }
    }
    return Flow.CONTINUE;
  }

  /** A {@code /load}ed file's entries: a Ctrl-C stops the file where it came. */
  private Flow loadedLoop(EntrySource entries) throws IOException {
    String entry;
    while (!interrupter.requested() && (entry = entries.next()) != null) {
      Flow flow = handle(entry);
      if (flow.ends()) {
        return flow;
      }
    }
    return Flow.CONTINUE;
  }

  private Flow handle(String entry) {
    if (entry.isBlank()) {
      return Flow.CONTINUE;
    }
    if (SlashCommand.isCommand(entry)) {
      return SlashCommand.dispatch(this, entry.strip());
    }
    return switch (session.run(entry)) {
      case Outcome.Value v -> {
        if (v.value() != null) {
          out.println(RESULT + FormatHelper.toString(v.value()));
        }
        out.flush();
        yield Flow.CONTINUE;
      }
      case Outcome.Failed f -> {
        if (interrupter.requested()) {
          interrupted(f.error());
        } else {
          report(f.error());
        }
        yield Flow.CONTINUE;
      }
      case Outcome.Exit e -> Flow.exit(e.code());
    };
  }

  private void report(Throwable error) {
    ScriptFailure failure = ScriptFailure.of(error, EntryAnalyzer.SOURCE);
    fail(failure.exitCode(), failure.message());
    if (debug) {
      error.printStackTrace(err);
      err.flush();
    }
  }

  /** Whatever the interrupt made the entry fail with, the cause was Ctrl-C. */
  private void interrupted(Throwable error) {
    fail(ENDED_BY_CTRL_C, INTERRUPTED);
    if (debug) {
      error.printStackTrace(err);
      err.flush();
    }
  }

  /** A second Ctrl-C, the entry not having stopped at the first: the shell ends. */
  private void endStuckShell() {
    out.flush();
    err.println("shell: the entry does not stop; Ctrl-C ends the shell");
    err.flush();
    Runtime.getRuntime().exit(ENDED_BY_CTRL_C);
  }

  /** Reports a failure as one message, and remembers its code for the end of piped input. */
  void fail(int code, String message) {
    lastFailure = code;
    out.flush();
    err.println(message);
    err.flush();
  }

  /** How the shell ends when its input does, or on {@code /exit} without a code. */
  int endOfInput() {
    return source.interactive() ? ExitCodes.OK : lastFailure;
  }

  /** {@code /load}: the file's entries, run as if typed, its slash commands included. */
  Flow load(Path file) {
    if (loadDepth >= MAX_LOAD_DEPTH) {
      fail(ExitCodes.USAGE, "shell: /load " + file + ": files load each other too deep");
      return Flow.CONTINUE;
    }
    loadDepth++;
    try (PlainEntries entries =
        new PlainEntries(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      return loadedLoop(entries);
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
      fail(ExitCodes.NO_INPUT, "shell: cannot read " + file + ": " + why);
      return Flow.CONTINUE;
    } finally {
      loadDepth--;
    }
  }

  Session session() {
    return session;
  }

  List<String> history() {
    return source.history();
  }

  PrintWriter out() {
    return out;
  }
}
