package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.LastAccess;
import dev.msgstore.services.auth.LastAccessRecorder;
import dev.msgstore.services.daemon.RunDir;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.RequestDisconnect;
import dev.msgstore.store.config.Syntax;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imsconnutil} (reference Table 71-20): who is logged in now (asked of the running daemon
 * over its control channel), each user's last login or logout (recorded in the journal when {@code
 * local.enablelastaccess} is on), and disconnecting users (a journal request the daemon acts on:
 * their IMAP sessions get {@code * BYE}, their POP3 sessions are closed without updating).
 */
@Command(
    name = "imsconnutil",
    footer = "%nReference: Table 71-20, imsconnutil Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Monitor user access of the message store: users connected now (-c), their last access"
          + " (-a), and disconnect users (-k).",
      "Last access is recorded when local.enablelastaccess is yes. msgstore has no webmail:"
          + " -s http lists nobody."
    })
public final class ImsconnutilCommand implements Callable<Integer>, ResultVerb {
  private static final Set<String> SERVICES = Set.of("imap", "pop", "http");

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption storeOption;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(names = "-c", description = "Information on users connected to the service.")
  boolean connected;

  @Option(names = "-a", description = "Information on the last access time of a service.")
  boolean access;

  @Option(names = "-k", description = "Disconnect users (use with -u or -f).")
  boolean kill;

  @Option(
      names = "-s",
      paramLabel = "service",
      description = "Narrow to one service: imap, pop or http.")
  String service;

  @Option(names = "-u", paramLabel = "uid", description = "Narrow the information to one user.")
  String uid;

  @Option(
      names = "-f",
      paramLabel = "filename",
      description = "Narrow to the users in the file, one user per line.")
  Path file;

  private List<Connected> result;

  @Override
  public Integer call() throws InterruptedException {
    CliContext ctx = root.context();
    if (!connected && !access && !kill) {
      throw VerbFailure.usage("at least one of -c, -a or -k must be used");
    }
    if (kill && uid == null && file == null) {
      throw VerbFailure.usage("-k needs -u uid or -f filename (the users to disconnect)");
    }
    if (service != null) {
      service = service.toLowerCase(Locale.ROOT);
      if (!SERVICES.contains(service)) {
        throw VerbFailure.usage("-s " + service + ": the services are imap, pop and http");
      }
    }
    Set<String> users = users();
    Path store = storeOption.resolve(ctx);
    ctx.requireStore(store, kill ? CliContext.StoreUse.WRITES : CliContext.StoreUse.READS);
    RunDir run = new RunDir(store);
    PrintWriter out = ctx.out();
    boolean text = !format.json();
    List<Connected> rows = new ArrayList<>();
    if (connected) {
      DaemonProcess.requireRunning(run);
      List<Connected> now = connections(run, users);
      rows.addAll(now);
      if (text) {
        out.printf(
            "%-8s %-16s %-22s %-22s %-10s %s%n", "SERVICE", "UID", "FROM", "TO", "AUTH", "SINCE");
        for (Connected c : now) {
          out.printf(
              "%-8s %-16s %-22s %-22s %-10s %s%n",
              c.protocol(), c.user(), c.client(), c.server(), c.method(), c.time());
        }
        if (now.isEmpty()) {
          out.println("(nobody is connected" + narrowed(users) + ")");
        }
      }
    }
    if (access) {
      List<Connected> last = lastAccess(ctx, store, users, text);
      rows.addAll(last);
      if (text) {
        out.printf("%-16s %-8s %-24s %-7s %s%n", "UID", "SERVICE", "LAST ACCESS", "EVENT", "FROM");
        for (Connected c : last) {
          out.printf(
              "%-16s %-8s %-24s %-7s %s%n",
              c.user(), c.protocol(), c.time(), c.event(), c.client());
        }
        if (last.isEmpty()) {
          out.println("(no access recorded" + narrowed(users) + ")");
        }
      }
    }
    if (kill) {
      rows.addAll(disconnect(ctx, store, run, users, out, text));
    }
    result = List.copyOf(rows);
    return ExitCodes.OK;
  }

  private String narrowed(Set<String> users) {
    return (service == null ? "" : " on " + service)
        + (users == null ? "" : " among " + String.join(", ", users));
  }

  /** -u and -f together name the users; null: everyone. */
  private Set<String> users() {
    if (uid == null && file == null) {
      return null;
    }
    Set<String> users = new LinkedHashSet<>();
    if (uid != null) {
      users.add(uid);
    }
    if (file != null) {
      try {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            users.add(line.strip());
          }
        }
      } catch (IOException e) {
        throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + file + ": " + e.getMessage());
      }
    }
    return users;
  }

  private List<Connected> connections(RunDir run, Set<String> users) {
    List<Connected> rows = new ArrayList<>();
    for (String line : DaemonProcess.ask(run, "connections")) {
      String[] f = line.split("\t", -1);
      if ((service == null || service.equals(f[0])) && (users == null || users.contains(f[1]))) {
        String since =
            Instant.ofEpochMilli(Long.parseLong(f[5])).truncatedTo(ChronoUnit.SECONDS).toString();
        rows.add(new Connected("connected", f[1], f[0], f[2], f[3], f[4], since, "", 1));
      }
    }
    return rows;
  }

  private List<Connected> lastAccess(CliContext ctx, Path store, Set<String> users, boolean text) {
    List<Connected> rows = new ArrayList<>();
    try (Store s = ctx.openStore(store, CliContext.StoreUse.READS);
        ProjectionReader r = s.read()) {
      if (!s.config().value(LastAccessRecorder.OPTION).map(Syntax::isTrue).orElse(false)) {
        ctx.err()
            .println(
                "imsconnutil: "
                    + LastAccessRecorder.OPTION
                    + " is no: logins are not being recorded (configutil -o "
                    + LastAccessRecorder.OPTION
                    + " -v yes); what was recorded before is shown");
      }
      for (LastAccess a : r.lastAccesses(null)) {
        if ((service == null || service.equals(a.protocol()))
            && (users == null || users.contains(a.userId()))) {
          String when =
              Instant.ofEpochSecond(0, a.micros() * 1000)
                  .truncatedTo(ChronoUnit.SECONDS)
                  .toString();
          rows.add(
              new Connected(
                  "access",
                  a.userId(),
                  a.protocol(),
                  a.address(),
                  "",
                  "",
                  when,
                  a.login() ? "login" : "logout",
                  0));
        }
      }
    }
    return rows;
  }

  /**
   * Commits the request, then watches the daemon's list until the users' sessions are gone (10 s at
   * most): the daemon's journal tail acts on the request within its polling interval.
   */
  private List<Connected> disconnect(
      CliContext ctx, Path store, RunDir run, Set<String> users, PrintWriter out, boolean text)
      throws InterruptedException {
    List<Connected> rows = new ArrayList<>();
    if (DaemonProcess.running(run).isEmpty()) {
      if (text) {
        out.println(
            "no daemon runs on the store in "
                + run.root()
                + "; nobody is connected, nothing to disconnect");
      }
      return rows;
    }
    List<Connected> before = connections(run, users);
    Outcome request;
    try (Store s = ctx.openStore(store, CliContext.StoreUse.WRITES)) {
      request =
          s.execute(
              ctx.author(),
              new RequestDisconnect(List.copyOf(users), service == null ? "*" : service));
    }
    if (request.dryRun()) {
      return rows;
    }
    List<Connected> left = before;
    for (int i = 0; i < 100 && !left.isEmpty(); i++) {
      Thread.sleep(100);
      left = connections(run, users);
    }
    for (String u : users) {
      int was = (int) before.stream().filter(c -> c.user().equals(u)).count();
      int still = (int) left.stream().filter(c -> c.user().equals(u)).count();
      rows.add(
          new Connected(
              "disconnected",
              u,
              service == null ? "" : service,
              "",
              "",
              "",
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
              "",
              was - still));
      if (text) {
        out.println(
            u
                + ": "
                + (was - still)
                + " session"
                + (was - still == 1 ? "" : "s")
                + " closed"
                + (still > 0 ? " (" + still + " still open)" : ""));
      }
    }
    return rows;
  }

  /** The sessions, last accesses and disconnections found or done, in that order. */
  @Override
  public List<Connected> result() {
    return result;
  }
}
