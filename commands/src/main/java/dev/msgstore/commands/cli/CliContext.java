package dev.msgstore.commands.cli;

import dev.msgstore.commands.journal.JournalFormat;
import dev.msgstore.journal.Actor;
import dev.msgstore.journal.Author;
import dev.msgstore.store.DryRun;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Everything a verb may know about how it was invoked: where output goes and input comes from, the
 * environment (for MSGSTORE_HOME), who is asking and from where (the journal's actor and origin),
 * the dry run this is part of, if any (null: changes are written), and whether the caller reads the
 * verb's result (the launcher does not: it only prints). Immutable and passed in, never global, so
 * that a script or a REPL can run many verbs in one JVM, each with its own.
 */
public record CliContext(
    PrintWriter out,
    PrintWriter err,
    InputStream in,
    Map<String, String> env,
    String actor,
    String origin,
    DryRun dryRun,
    boolean keepsResults) {

  public CliContext {
    env = Map.copyOf(env);
  }

  /** A context made in code (a script host, a test): it keeps results. */
  public CliContext(
      PrintWriter out,
      PrintWriter err,
      InputStream in,
      Map<String, String> env,
      String actor,
      String origin,
      DryRun dryRun) {
    this(out, err, in, env, actor, origin, dryRun, true);
  }

  /** A context with no standard input, whose origin is the command line {@code args}. */
  public CliContext(
      PrintWriter out, PrintWriter err, Map<String, String> env, String actor, List<String> args) {
    this(out, err, InputStream.nullInputStream(), env, actor, commandLine(args), null);
  }

  public static CliContext system(List<String> args) {
    return launcher(
        new ByteWriter(System.out, true, System.out.charset()),
        new PrintWriter(System.err, true),
        System.in,
        System.getenv(),
        Author.osUser(),
        args);
  }

  /**
   * The launcher's context for {@code args}, run by {@code osUser} in {@code env}. Its actor is
   * that user, or under sudo the person beside it ({@code alice (sudo as root)}), so that the
   * journal names who did it and not only root.
   */
  public static CliContext launcher(
      PrintWriter out,
      PrintWriter err,
      InputStream in,
      Map<String, String> env,
      String osUser,
      List<String> args) {
    return new CliContext(
        out, err, in, env, Actor.of(osUser, env).name(), commandLine(args), null, false);
  }

  private static String commandLine(List<String> args) {
    return "msgstore " + String.join(" ", args);
  }

  /** This context in a dry run of its own, which reports each commit it would make on stderr. */
  public CliContext asDryRun() {
    DryRun run = new DryRun(o -> wouldHave(err, "commit: " + JournalFormat.events(o.events())));
    return new CliContext(out, err, in, env, actor, origin, run, keepsResults);
  }

  /**
   * This context for a verb whose result the launcher prints as JSON: its text output is dropped
   * and its result kept, however long.
   */
  public CliContext resultsOnly() {
    return new CliContext(
        new PrintWriter(Writer.nullWriter()), err, in, env, actor, origin, dryRun, true);
  }

  /**
   * The verb's output as bytes, for what must come out exactly as stored ({@code imcheck -b}): see
   * {@link ByteWriter#bytesOf}. Close it when done; the output stays open.
   */
  public OutputStream outBytes() {
    return ByteWriter.bytesOf(out);
  }

  /** Whether this is a dry run: changes are decided and reported, never written. */
  public boolean isDryRun() {
    return dryRun != null;
  }

  /**
   * A dry run's line on stderr for a write it leaves out, {@code "dry run, would " + what}: the
   * store reports its commits this way, and a verb its own writes (files, body repairs, ...).
   */
  public void wouldHave(String what) {
    wouldHave(err, what);
  }

  /** As {@link #wouldHave(String)}, for code that holds only the error stream. */
  public static void wouldHave(PrintWriter err, String what) {
    err.println("dry run, would " + what);
    err.flush();
  }

  /** The store root: {@code --store}, else {@code MSGSTORE_HOME}, else {@code ./data}. */
  public Path storeRoot(Path option) {
    if (option != null) {
      return option;
    }
    String home = env.get("MSGSTORE_HOME");
    return Path.of(home != null && !home.isBlank() ? home : "data");
  }

  /**
   * What a verb invocation does with its store, which decides what a missing store means: one that
   * writes makes it on first use, one that only reads or repairs it is refused, having nothing to
   * read or repair.
   */
  public enum StoreUse {
    READS,
    REPAIRS,
    WRITES
  }

  /**
   * Opens the store for a verb; in a dry run, a view of it that writes nothing. A store that does
   * not exist yet is made only by a verb that {@link StoreUse#WRITES}, and never in a dry run:
   * otherwise the verb fails with one line saying how to make one, and nothing is created.
   */
  public Store openStore(Path root, StoreUse use) {
    return openStore(root, Clock.systemUTC(), use);
  }

  public Store openStore(Path root, Clock clock, StoreUse use) {
    requireStore(root, use);
    Store s = Store.open(root, clock);
    if (dryRun == null) {
      return s;
    }
    try (s) {
      return s.dryRun(dryRun);
    }
  }

  /**
   * Fails, as {@link #openStore} would, unless the store at {@code root} exists or this use may
   * make it; for a verb that reads files of the store before opening it.
   */
  public void requireStore(Path root, StoreUse use) {
    if (StoreLayout.exists(root)) {
      if (use != StoreUse.READS && dryRun == null) {
        refuseReadOnly(root);
      }
      return;
    }
    if (use == StoreUse.WRITES && dryRun == null) {
      return;
    }
    String why = use == StoreUse.WRITES ? " (a dry run makes none)" : "";
    throw new VerbFailure(
        ExitCodes.NO_INPUT,
        "no store in "
            + root.toAbsolutePath().normalize()
            + why
            + ": create one with 'msgstore mboxutil -c user/NAME/INBOX' or 'msgstore deliver -c"
            + " USER'");
  }

  /**
   * Fails in one line, before anything is opened, when a verb that writes or repairs meets a store
   * it cannot write: 73 (CANTCREAT) for a read-only file system, which no permission cures, and 77
   * (NOPERM) for a store this user may not write (root ignores modes, so it never sees 77).
   */
  private static void refuseReadOnly(Path root) {
    if (Files.isWritable(root)) {
      return;
    }
    // access(2) says EROFS and EACCES alike as "not writable"; only a write tells them apart
    // (FileStore.isReadOnly misses a read-only bind mount of a writable file system)
    String where = root.toAbsolutePath().normalize().toString();
    try {
      Files.delete(Files.createTempFile(root, ".writable", ".probe"));
    } catch (AccessDeniedException e) {
      throw new VerbFailure(
          ExitCodes.PERMISSION, "the store in " + where + " is read-only for this user");
    } catch (FileSystemException e) {
      if ("Read-only file system".equals(e.getReason())) {
        throw new VerbFailure(
            ExitCodes.CANNOT_CREATE, "the store in " + where + " is on a read-only file system");
      }
    } catch (IOException e) {
      // let the open report what else is wrong with the store
    }
  }

  /** The journal's record of who ran what: the actor and the command line or script line. */
  public Author author() {
    return Author.of(actor, origin);
  }
}
