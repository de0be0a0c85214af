package dev.msgstore.commands.deliver;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.delivery.Recipients;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's way in for {@code msgstore deliver ...} while the store's daemon runs: the command
 * line an MTA gives (user ids, and only {@code --store}, {@code -r} and {@code -x}) is read here by
 * hand, and the message handed to the daemon ({@link LmtpHandOff}) without building the launcher's
 * picocli model, so that a delivery costs a small JVM and a connection. Anything else (another
 * option, a name that is no user id, input that is no message, no daemon answering) is the verb's
 * own run, given the whole input again, so its behaviour and its messages are exactly deliver's:
 * the launcher's ({@code msgstore.launcher}, with its class-data archive) in a process of its own,
 * else {@link Main#run} in this JVM.
 */
public final class DeliverFastPath {
  private DeliverFastPath() {}

  /** {@code args}: deliver's arguments, the verb's name first. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String launcher = System.getProperty("msgstore.launcher");
    try {
      for (String c : PATH) {
        Class.forName(c, true, DeliverFastPath.class.getClassLoader());
      }
    } catch (LinkageError | ClassNotFoundException e) {
      // The launcher's short class path lacks a class (a jar renamed): before any input is read,
      // the verb's own run in the launcher's JVM takes over.
      if (launcher != null) {
        Map<String, String> local = new HashMap<>(env);
        local.put(LmtpHandOff.MODE_VARIABLE, LmtpHandOff.LOCAL);
        System.exit(DeliverFastPath.launcher(launcher, args, System.in, false, local, System.err));
      }
      throw e instanceof LinkageError l ? l : new NoClassDefFoundError(e.getMessage());
    }
    if (args.length == 2 && args[0].equals(TRAINING)) {
      System.exit(rehearse(Path.of(args[1])));
    }
    System.exit(run(args, System.in, System.out, System.err, env));
  }

  /** The launcher's training run (see {@link #rehearse}): {@code --aot-training STORE}. */
  static final String TRAINING = "--aot-training";

  /**
   * What a hand-off does, short of delivering: the command line's parse, a message's head read, and
   * the connection up to MAIL ({@link LmtpHandOff#rehearse}). The launcher records the fast path's
   * AOT cache (JDK 25+) from this run, in the background, when it has none: a delivery then starts
   * with its classes loaded and linked (about half its CPU, most of it the JDK's UNIX-socket and
   * security-provider set-up). 0 when the daemon answered as a hand-off expects.
   */
  private static int rehearse(Path store) {
    try {
      Line.parse(new String[] {"deliver", "--store", store.toString(), "u1"}, Map.of());
      byte[] message =
          "From: a@example.com\r\nTo: u1@example.com\r\nSubject: rehearsal\r\n\r\nhello\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      MessageHead.read(new java.io.ByteArrayInputStream(message));
      return LmtpHandOff.rehearse(LmtpHandOff.socket(store)) ? 0 : ExitCodes.UNAVAILABLE;
    } catch (IOException e) {
      return ExitCodes.UNAVAILABLE;
    }
  }

  /**
   * The classes a hand-off uses, loaded and linked before any input is read (by name: a class
   * literal would fail this class's own initialisation instead).
   */
  private static final List<String> PATH =
      List.of(
          "dev.msgstore.commands.deliver.DeliverFastPath$Line",
          "dev.msgstore.commands.deliver.LmtpHandOff",
          "dev.msgstore.commands.lmtp.LmtpClient",
          "dev.msgstore.commands.lmtp.LmtpClient$Reply",
          "dev.msgstore.commands.deliver.MessageHead",
          "dev.msgstore.commands.deliver.Delivery",
          "dev.msgstore.commands.deliver.Delivery$Recipient",
          "dev.msgstore.store.delivery.Recipients",
          "dev.msgstore.projections.model.MailboxNames",
          "dev.msgstore.store.MessageHeaders",
          "dev.msgstore.commands.cli.VerbFailure",
          "dev.msgstore.commands.cli.ExitCodes");

  /**
   * One run: {@code args} as {@link #main} gets them, the process's streams and environment; the
   * exit code.
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    Optional<Line> line =
        LmtpHandOff.LOCAL.equals(env.get(LmtpHandOff.MODE_VARIABLE))
            ? Optional.empty()
            : Line.parse(args, env);
    MessageHead head = null;
    if (line.isPresent() && Files.exists(LmtpHandOff.socket(line.get().store()))) {
      try {
        head = MessageHead.read(in);
        Optional<Delivery> d =
            LmtpHandOff.deliver(
                LmtpHandOff.socket(line.get().store()),
                line.get().sender(),
                line.get().users(),
                head,
                in);
        if (d.isPresent()) {
          for (Delivery.Recipient r : d.get().recipients()) {
            if (!r.delivered()) {
              err.println("deliver: " + r.user() + ": " + r.problem());
            }
          }
          return d.get().exitCode();
        }
      } catch (VerbFailure f) {
        // not a message (its input is read: the verb's run could not read it again), or the
        // hand-off broke: the line and the code the verb gives (Main.failure's form)
        err.println("deliver: " + f.getMessage());
        return f.exitCode();
      } catch (IOException e) {
        // standard input could not be read (74), or the connection failed as it closed (75)
        err.println("deliver: " + e.getMessage());
        return head == null ? ExitCodes.IO : ExitCodes.TEMPORARY;
      }
    }
    // Not taken: the verb's own run, told that the daemon was asked already (if it was).
    InputStream whole = head == null ? in : head.stream(new byte[0], in);
    Map<String, String> verbEnv = new HashMap<>(env);
    verbEnv.put(LmtpHandOff.MODE_VARIABLE, LmtpHandOff.LOCAL);
    String launcher = System.getProperty("msgstore.launcher");
    if (launcher != null) {
      return launcher(launcher, args, whole, head != null, verbEnv, err);
    }
    CliContext ctx =
        CliContext.launcher(
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true),
            whole,
            verbEnv,
            dev.msgstore.journal.Author.osUser(),
            List.of(args));
    return Main.run(ctx, args);
  }

  /**
   * {@code msgstore deliver ...} run by the launcher, whose JVM has the class-data archive the
   * verb's run needs (this small JVM has not): its output is this process's, its input {@code in}
   * (this process's own, unless {@code replay}: then what was read of it first).
   */
  private static int launcher(
      String launcher,
      String[] args,
      InputStream in,
      boolean replay,
      Map<String, String> env,
      PrintStream err) {
    List<String> command = new ArrayList<>(List.of(launcher));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(replay ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT);
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Process verb = pb.start();
      if (replay) {
        try (var to = verb.getOutputStream()) {
          in.transferTo(to);
        } catch (IOException gone) {
          // the verb stopped reading (it refused the input): its exit code says why
        }
      }
      return verb.waitFor();
    } catch (IOException e) {
      err.println("deliver: cannot run " + launcher + ": " + e.getMessage());
      return ExitCodes.UNAVAILABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.TEMPORARY;
    }
  }

  /** A command line the fast path takes: users, the store, a sender. */
  record Line(Path store, String sender, List<String> users) {
    /** The line {@code args} is, or empty when it has anything else (then the verb reads it). */
    static Optional<Line> parse(String[] args, Map<String, String> env) {
      if (args.length < 2 || !args[0].equals("deliver")) {
        return Optional.empty();
      }
      String store = null;
      String sender = null;
      List<String> users = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--store") && i + 1 < args.length && store == null) {
          store = args[++i];
        } else if (a.startsWith("--store=") && store == null) {
          store = a.substring("--store=".length());
        } else if (a.equals("-r") && i + 1 < args.length && sender == null) {
          sender = args[++i];
        } else if (a.equals("-x")) {
          continue; // the reference's indexer callout: nothing to call
        } else if (a.startsWith("-") || Recipients.userProblem(a).isPresent()) {
          return Optional.empty();
        } else {
          users.add(a);
        }
      }
      if (users.isEmpty()
          || (store != null && store.isEmpty())
          || (sender != null && sender.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
        return Optional.empty();
      }
      if (store == null) {
        String home = env.get("MSGSTORE_HOME");
        store = home != null && !home.isBlank() ? home : "data";
      }
      return Optional.of(new Line(Path.of(store), sender, List.copyOf(new LinkedHashSet<>(users))));
    }
  }
}
