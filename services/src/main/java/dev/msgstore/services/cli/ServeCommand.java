package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.services.daemon.Daemon;
import dev.msgstore.services.daemon.Health;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code serve}: the store's main job in one command, for a first look. On a store whose embedded
 * directory has no user it provisions demo users ({@link DemoUsers}); then it runs the daemon in
 * the foreground with every component the configuration enables, on loopback ports chosen for the
 * store, prints what listens where and how to reach each server (from what each running component
 * reports, so a server that comes with a later issue shows up without a change here), and runs
 * until Ctrl-C, SIGTERM or {@code stop-msg}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve mail from a store in the foreground until Ctrl-C or stop-msg.",
      "A store whose embedded directory has no user gets demo users (alice, bob, carol) with"
          + " random passwords, kept in demo-passwords under the store root; the daemon then runs"
          + " attached, as start-msg --foreground, and serve prints where each server listens and"
          + " a command that talks to it."
    })
public final class ServeCommand implements Callable<Integer> {
  private static final Pattern ADDRESS =
      Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})");

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption storeOption;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    Path store = storeOption.resolve(ctx);
    ctx.requireStore(store, CliContext.StoreUse.WRITES);
    PrintWriter out = ctx.out();
    out.flush();
    // the users are made through the daemon's own store, once it runs: a store opened here first
    // would set up logging before the daemon does
    return Daemon.run(
        store,
        List.of(),
        true,
        "serve: ",
        out,
        ctx.err(),
        daemon -> {
          Map<String, String> users;
          try {
            users = DemoUsers.provision(daemon.store(), ctx.author(), store);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          howTo(daemon.health(), users, store, out);
        });
  }

  /** How to reach each server that reports an address, the users, and how to stop. */
  private static void howTo(
      Map<String, Health> health, Map<String, String> users, Path store, PrintWriter out) {
    String user = users.isEmpty() ? "USER" : users.keySet().iterator().next();
    String password = users.isEmpty() ? "PASSWORD" : users.get(user);
    out.println();
    health.forEach(
        (name, h) -> {
          Matcher m = ADDRESS.matcher(h.detail());
          if (!m.find()) {
            return;
          }
          String host = m.group(1).replace("[", "").replace("]", "");
          String port = m.group(2);
          String hint =
              switch (name) {
                case "http" ->
                    "curl -s http://" + m.group(1) + ":" + port + "/metrics | grep ^msgstore_";
                case "lmtp" ->
                    "swaks --protocol LMTP --server "
                        + host
                        + " --port "
                        + port
                        + " --from you@"
                        + DemoUsers.DOMAIN
                        + " --to "
                        + user
                        + "@"
                        + DemoUsers.DOMAIN;
                case "imap" ->
                    "python3 -c 'import imaplib; c = imaplib.IMAP4(\""
                        + host
                        + "\", "
                        + port
                        + "); c.login(\""
                        + user
                        + "\", \""
                        + password
                        + "\"); print(c.select(\"INBOX\")); c.logout()'";
                case "pop" ->
                    "python3 -c 'import poplib; c = poplib.POP3(\""
                        + host
                        + "\", "
                        + port
                        + "); c.user(\""
                        + user
                        + "\"); c.pass_(\""
                        + password
                        + "\"); print(c.stat()); c.quit()'";
                default -> null;
              };
          if (hint != null) {
            out.println(name + ", try: " + hint);
          }
        });
    if (!users.isEmpty()) {
      out.println("users (passwords also in " + DemoUsers.file(store) + "):");
      users.forEach((u, p) -> out.printf("  %-8s %s  %s@%s%n", u, p, u, DemoUsers.DOMAIN));
    }
    out.println(
        "serving until Ctrl-C or 'msgstore stop-msg --store "
            + store.toAbsolutePath().normalize()
            + "'");
  }
}
