package dev.msgstore.commands.imquotacheck;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.QuotaNotice;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.ModifyDomainEntry;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imquotacheck} (Table 71-14): the quota report (its stable columns), domain quota
 * enforcement ({@code -f}) and over-quota notices ({@code -n}). Limits are the quota projection's
 * (set from the directory by iminitquota), usage the QuotaLedger's; {@code -a} takes the users from
 * the directory. Its {@link #result()} is an {@link ImquotacheckResult}.
 */
@Command(
    name = "imquotacheck",
    footer = "%nReference: Table 71-14, imquotacheck Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Report quota and usage: imquotacheck [-u user | -d domain [-p partition] | -p partition]"
          + " [-a]. Enforce domain quota: imquotacheck -f [-d domain]. Deliver over-quota notices:"
          + " imquotacheck -n [-e] [-d domain] [-r rulefile] [-t msgfile] [-l].",
      "With no -u, -d or -p, the report lists the users over the lowest threshold of the default"
          + " rule file (config/imq.rulefile in the store), every user when there is none."
    })
public final class ImquotacheckCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(names = "-a", description = "List users in LDAP instead of message store.")
  boolean fromDirectory;

  @Option(
      names = "-d",
      paramLabel = "domain",
      description = "Report quota for the specified domain.")
  String domain;

  @Option(
      names = "-f",
      description = "Enforce domain quota by setting mailDomainStatus to overquota.")
  boolean enforce;

  @Option(names = "-n", description = "Notify users who are above quota.")
  boolean notify;

  @Option(
      names = "-p",
      paramLabel = "partition",
      description = "Report quota for the specified partition.")
  String partition;

  @Option(names = "-r", paramLabel = "rulefile", description = "Use rulefile instead of default.")
  Path ruleFile;

  @Option(
      names = "-t",
      paramLabel = "msgfile",
      description = "Use msgfile as a template instead of default.")
  Path messageFile;

  @Option(names = "-u", paramLabel = "user", description = "Report quota for the specified user.")
  String user;

  @Option(
      names = "-e",
      description = "Report disk usage of the individual folders in notification messages.")
  boolean folders;

  @Option(names = "-l", description = "Log users to action log who are above quota.")
  boolean log;

  private ImquotacheckResult result;

  @Override
  public ImquotacheckResult result() {
    return result;
  }

  @Override
  public Integer call() {
    checkUsage();
    CliContext ctx = root.context();
    Path rootDir = store.resolve(ctx);
    StoreUse use = enforce || notify ? StoreUse.REPAIRS : StoreUse.READS;
    try (Store s = ctx.openStore(rootDir, use);
        Directory directory = Directories.open(s)) {
      if (domain != null && directory.domain(domain).isEmpty()) {
        throw new VerbFailure(ExitCodes.NO_INPUT, "no such domain: " + domain);
      }
      if (enforce) {
        result = new ImquotacheckResult(List.of(), enforce(s, directory), List.of());
        result.domains().forEach(d -> ctx.out().println(d.line()));
      } else if (notify) {
        result = notifyUsers(s, directory, ctx);
      } else {
        result = new ImquotacheckResult(report(s, directory, rootDir), List.of(), List.of());
        print(ctx.out(), zone(ctx));
      }
    }
    ctx.out().flush();
    return 0;
  }

  private void checkUsage() {
    if (enforce && (notify || user != null || partition != null || fromDirectory)) {
      throw VerbFailure.usage("-f takes only -d domain");
    }
    if (notify && (user != null || partition != null || fromDirectory)) {
      throw VerbFailure.usage("-n takes -e, -d domain, -r rulefile, -t msgfile and -l");
    }
    if (!notify && (folders || log || ruleFile != null || messageFile != null)) {
      throw VerbFailure.usage("-e, -l, -r and -t go with -n");
    }
    if (user != null && (domain != null || partition != null)) {
      throw VerbFailure.usage("give -u user, or -d domain [-p partition], or -p partition");
    }
  }

  private List<QuotaRow> report(Store s, Directory directory, Path rootDir) {
    List<QuotaRow> rows = rows(s, directory, user != null);
    if (user == null && domain == null && partition == null) {
      Path rules = rootDir.resolve("config").resolve("imq.rulefile");
      if (Files.exists(rules)) {
        List<RuleFile.Rule> enabled = RuleFile.read(rules).enabled();
        if (!enabled.isEmpty()) {
          int least = enabled.get(0).trigger();
          rows = rows.stream().filter(r -> r.percent() >= least).toList();
        }
      }
    }
    return rows;
  }

  private void print(PrintWriter out, ZoneId zone) {
    out.println(QuotaRow.HEADER);
    for (QuotaRow r : result.rows()) {
      out.println(r.line(zone));
      if (user != null) {
        r.folders().forEach(f -> out.println(r.folderLine(f)));
      }
    }
    out.println(QuotaRow.TRAILER);
  }

  /** The selected users with their limits, usage and last notice; folders when asked. */
  private List<QuotaRow> rows(Store s, Directory directory, boolean withFolders) {
    TreeSet<String> names = new TreeSet<>();
    List<QuotaRow> rows = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      if (user != null) {
        boolean known =
            r.mailbox(MailboxNames.inboxOf(user)).isPresent() || directory.user(user).isPresent();
        if (!known) {
          throw new VerbFailure(ExitCodes.NO_USER, "no such user: " + user);
        }
        names.add(user);
      } else if (fromDirectory) {
        directory.users(domain == null ? "*" : "*@" + domain).forEach(u -> names.add(u.name()));
      } else {
        r.forEachQuota(
            "",
            q -> {
              names.add(q.root());
              return true;
            });
        r.forEachMailbox(
            MailboxNames.USER_PREFIX,
            m -> {
              m.owner().filter(o -> m.name().equals(MailboxNames.inboxOf(o))).ifPresent(names::add);
              return true;
            });
      }
      for (String name : names) {
        if (domain != null && !name.endsWith("@" + domain.toLowerCase(java.util.Locale.ROOT))) {
          continue;
        }
        Optional<MailboxRecord> inbox = r.mailbox(MailboxNames.inboxOf(name));
        if (partition != null && !inbox.map(m -> m.partition().equals(partition)).orElse(false)) {
          continue;
        }
        QuotaRecord q = r.quota(name);
        Optional<QuotaNotice> notice = r.quotaNotice(name);
        List<QuotaRow.Folder> folderRows = new ArrayList<>();
        if (withFolders || folders) {
          String prefix = MailboxNames.USER_PREFIX + name + "/";
          for (MailboxRecord m : r.mailboxes(prefix)) {
            folderRows.add(
                new QuotaRow.Folder(m.name().substring(prefix.length()), m.bytes(), m.messages()));
          }
        }
        rows.add(
            new QuotaRow(
                name,
                q.limitBytes(),
                q.usedBytes(),
                q.limitMessages(),
                q.usedMessages(),
                notice.map(QuotaNotice::overSinceMicros).orElse(0L),
                notice.map(QuotaNotice::atMicros).orElse(0L),
                folderRows));
      }
    }
    return rows;
  }

  /** {@code -f}: each domain with a limit gets overquota while its users' usage is over it. */
  private List<DomainEnforcement> enforce(Store s, Directory directory) {
    List<DomainEnforcement> out = new ArrayList<>();
    List<DirectoryDomain> domains = directory.domains(domain == null ? "*" : domain);
    Map<String, long[]> usage = new HashMap<>();
    try (ProjectionReader r = s.read()) {
      for (DirectoryUser u : directory.users("*")) {
        if (!u.domain().isEmpty()) {
          QuotaRecord q = r.quota(u.name());
          long[] sum = usage.computeIfAbsent(u.domain(), k -> new long[2]);
          sum[0] += q.usedBytes();
          sum[1] += q.usedMessages();
        }
      }
    }
    for (DirectoryDomain d : domains) {
      long[] used = usage.getOrDefault(d.name(), new long[2]);
      long lb = d.quota().bytes();
      long lm = d.quota().messages();
      boolean over = (lb >= 0 && used[0] > lb) || (lm >= 0 && used[1] > lm);
      DomainStatus want = d.status();
      if (over && d.status() == DomainStatus.ACTIVE) {
        want = DomainStatus.OVERQUOTA;
      } else if (!over && d.status() == DomainStatus.OVERQUOTA) {
        want = DomainStatus.ACTIVE;
      }
      boolean changed = want != d.status();
      if (changed) {
        if (!directory.writable()) {
          throw new VerbFailure(
              ExitCodes.UNAVAILABLE,
              d.name()
                  + ": the directory ("
                  + directory.describe()
                  + ") is not the store's to"
                  + " change: set its mailDomainStatus to "
                  + want.word()
                  + " there");
        }
        DomainStatus target = want;
        long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        s.execute(
            root.context().author(),
            new ModifyDomainEntry(d.name(), x -> x.withStatus(target, now)));
      }
      out.add(new DomainEnforcement(d.name(), lb, lm, used[0], used[1], want.word(), changed));
    }
    return out;
  }

  /** {@code -n}: rule file and templates read whole first; any error and nothing is sent. */
  private ImquotacheckResult notifyUsers(Store s, Directory directory, CliContext ctx) {
    Path config = s.root().resolve("config");
    RuleFile rules = RuleFile.read(ruleFile != null ? ruleFile : config.resolve("imq.rulefile"));
    Path fallbackFile = messageFile != null ? messageFile : config.resolve("imq.msgfile");
    Map<Path, NoticeTemplate> templates = new HashMap<>();
    NoticeTemplate fallback = null;
    for (RuleFile.Rule r : rules.enabled()) {
      if (r.messageFile() != null) {
        templates.computeIfAbsent(r.messageFile(), NoticeTemplate::read);
      } else if (fallback == null) {
        fallback = NoticeTemplate.read(fallbackFile);
      }
    }
    long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    Notifier notifier =
        new Notifier(s, ctx.author(), rules.enabled(), templates, fallback, folders, now);
    List<QuotaRow> rows = rows(s, directory, false);
    List<Notice> notices = new ArrayList<>();
    List<String> logLines = new ArrayList<>();
    for (QuotaRow row : rows) {
      notifier
          .consider(row)
          .ifPresent(
              n -> {
                notices.add(n);
                ctx.out()
                    .println(
                        "imquotacheck: notified "
                            + n.user()
                            + " ("
                            + n.rule()
                            + ", "
                            + n.percent()
                            + "%)");
              });
      if (log && row.percent() >= 100) {
        logLines.add(
            Instant.now()
                + " imquotacheck: "
                + row.user()
                + " is over quota: "
                + row.percent()
                + "%");
      }
    }
    if (!logLines.isEmpty() && !s.isDryRun()) {
      Path file = StoreLayout.log(s.root()).resolve("imquotacheck.log");
      try {
        Files.createDirectories(file.getParent());
        Files.write(
            file,
            logLines,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the action log " + file, e);
      }
    }
    return new ImquotacheckResult(rows, List.of(), notices);
  }

  private static ZoneId zone(CliContext ctx) {
    String tz = ctx.env().get("TZ");
    if (tz != null && !tz.isBlank()) {
      try {
        return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
      } catch (DateTimeException e) {
        // as date(1): the default zone
      }
    }
    return ZoneId.systemDefault();
  }
}
