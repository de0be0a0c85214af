package dev.msgstore.commands.iminitquota;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.SetQuota;
import dev.msgstore.store.command.SetQuotas;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.QuotaLimits;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iminitquota} (Table 71-10): the quota limits of the directory (embedded or LDAP, through
 * the {@link Directory} port) into the quota projection, as quota events; with {@code -s} it also
 * recounts each user's usage from their messages and says whether they are over quota. Its {@link
 * #result()} is a {@link QuotaInit} per user.
 */
@Command(
    name = "iminitquota",
    footer = "%nReference: Table 71-10, iminitquota Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Set the quota limits of the store's users from the directory, and recount their usage.",
      "The users are those with an account in the store (-a) or the one named (-u). Limits that"
          + " differ from the directory's are set in one commit per 1000 users (quota.limit-set"
          + " events); a user the directory does not know keeps theirs. Output: one line per user,"
          + " 'user: quota SIZE bytes, COUNT messages', '(set)' when changed, and with -s their"
          + " usage and whether they are over quota.",
      "Usage is the store's own count, kept from every message event; -s recounts it from the"
          + " messages and fails (exit 70) if the two differ."
    })
public final class IminitquotaCommand implements Callable<Integer>, ResultVerb {
  private static final int USERS_PER_COMMIT = 1000;

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(names = "-a", description = "Initialize quota for all users in the message store.")
  boolean all;

  @Option(names = "-u", paramLabel = "user", description = "Initialize quota for this user.")
  String user;

  @Option(names = "-q", description = "Initialize quota only (the default).")
  boolean quotaOnly;

  @Option(names = "-s", description = "Initialize quota, usage, and overquota status.")
  boolean usage;

  private List<QuotaInit> result;

  @Override
  public List<QuotaInit> result() {
    return result;
  }

  @Override
  public Integer call() {
    if (all == (user != null)) {
      throw VerbFailure.usage("give either -a or -u user");
    }
    if (usage && quotaOnly) {
      throw VerbFailure.usage("-s and -q cannot be used together");
    }
    try (Store s = root.context().openStore(store.resolve(root.context()), StoreUse.WRITES);
        Directory directory = Directories.open(s)) {
      List<String> users = users(s, directory);
      List<QuotaInit> done = new ArrayList<>();
      for (int from = 0; from < users.size(); from += USERS_PER_COMMIT) {
        done.addAll(
            init(
                s,
                directory,
                users.subList(from, Math.min(users.size(), from + USERS_PER_COMMIT))));
      }
      result = done;
    }
    PrintWriter out = root.context().out();
    result.forEach(r -> out.println(r.line()));
    out.flush();
    if (user != null && !result.get(0).inDirectory()) {
      throw new VerbFailure(
          ExitCodes.NO_USER, user + ": not in the directory; their quota limits are unchanged");
    }
    return 0;
  }

  /** The store's users (accounts, and owners of an INBOX), or the one given. */
  private List<String> users(Store s, Directory directory) {
    try (ProjectionReader r = s.read()) {
      if (user != null) {
        boolean known =
            r.user(user).isPresent()
                || r.mailbox(MailboxNames.inboxOf(user)).isPresent()
                || directory.user(user).isPresent();
        if (!known) {
          throw new VerbFailure(ExitCodes.NO_USER, "no such user: " + user);
        }
        return List.of(directory.user(user).map(DirectoryUser::name).orElse(user));
      }
      TreeSet<String> names = new TreeSet<>();
      r.forEachUser(
          "",
          u -> {
            names.add(u.userId());
            return true;
          });
      r.forEachMailbox(
          MailboxNames.USER_PREFIX,
          m -> {
            m.owner().filter(o -> m.name().equals(MailboxNames.inboxOf(o))).ifPresent(names::add);
            return true;
          });
      return new ArrayList<>(names);
    }
  }

  private List<QuotaInit> init(Store s, Directory directory, List<String> names) {
    List<SetQuota> changes = new ArrayList<>();
    List<QuotaInit> out = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      for (String name : names) {
        Optional<QuotaLimits> limits = directory.user(name).map(DirectoryUser::quota);
        QuotaRecord q = r.quota(name);
        long bytes = limits.map(QuotaLimits::bytes).orElse(q.limitBytes());
        long messages = limits.map(QuotaLimits::messages).orElse(q.limitMessages());
        boolean changed =
            limits.isPresent() && (bytes != q.limitBytes() || messages != q.limitMessages());
        if (changed) {
          changes.add(new SetQuota(name, bytes, messages));
        }
        long[] used = usage ? recount(r, name, q) : new long[2];
        boolean over =
            usage && ((bytes >= 0 && used[0] > bytes) || (messages >= 0 && used[1] > messages));
        out.add(
            new QuotaInit(
                name, limits.isPresent(), bytes, messages, changed, usage, used[0], used[1], over));
      }
    }
    if (!changes.isEmpty()) {
      s.execute(root.context().author(), new SetQuotas(changes));
    }
    return out;
  }

  /** The user's bytes and messages counted from their messages, checked against the store's. */
  private static long[] recount(ProjectionReader r, String name, QuotaRecord q) {
    long[] used = new long[2];
    for (MailboxRecord m : r.mailboxes(MailboxNames.USER_PREFIX + name + "/")) {
      if (!m.owner().map(name::equals).orElse(false)) {
        continue; // user/joe/ is also the prefix of no one else's, but be sure
      }
      r.forEachMessage(
          m.id(),
          0,
          msg -> {
            used[0] += msg.size();
            used[1]++;
            return true;
          });
    }
    if (used[0] != q.usedBytes() || used[1] != q.usedMessages()) {
      throw new VerbFailure(
          ExitCodes.SOFTWARE,
          name
              + ": the recount gives "
              + used[0]
              + " bytes in "
              + used[1]
              + " messages, the quota projection "
              + q.usedBytes()
              + " in "
              + q.usedMessages()
              + ": rebuild it with reconstruct -m");
    }
    return used;
  }
}
