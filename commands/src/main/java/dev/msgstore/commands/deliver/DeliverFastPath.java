package dev.msgstore.commands.deliver;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * own run ({@link Main#run}), given the whole input again, so its behaviour and its messages are
 * exactly deliver's.
 */
public final class DeliverFastPath {
  private DeliverFastPath() {}

  /** {@code args}: deliver's arguments, the verb's name first. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err, System.getenv()));
  }

  static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    Optional<Line> line = Line.parse(args, env);
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
    InputStream whole = head == null ? in : head.stream(new byte[0], in);
    CliContext ctx =
        CliContext.launcher(
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true),
            whole,
            env,
            dev.msgstore.journal.Author.osUser(),
            List.of(args));
    return Main.run(ctx, args);
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
        } else if (a.startsWith("-") || Deliverer.userProblem(a).isPresent()) {
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
