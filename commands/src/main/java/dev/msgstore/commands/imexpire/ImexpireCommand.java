package dev.msgstore.commands.imexpire;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.expire.Expire;
import dev.msgstore.store.expire.ExpireListener;
import dev.msgstore.store.expire.ExpireOptions;
import dev.msgstore.store.expire.ExpireReport;
import dev.msgstore.store.expire.ExpireRule;
import dev.msgstore.store.expire.ExpireRules;
import dev.msgstore.store.expire.RuleFiles;
import dev.msgstore.store.expire.RuleScope;
import dev.msgstore.store.expire.RuleSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imexpire} (Table 71-8): expires messages by the rules of configutil's {@code
 * store.expirerule.*} options and the installed {@code store.expirerule} files (or of one {@code
 * -f} file), or installs a rule file ({@code -i}). The run is {@link Expire#run}; this class only
 * adapts options and prints. Its {@link #result()} is an {@link ImexpireResult}.
 */
@Command(
    name = "imexpire",
    footer =
        "%nReference: Table 71-8, imexpire Command Options; Table 71-9 (channel, rescanhours:"
            + " refused, there is no MTA).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Expire messages by rules: discard (an expunge, restorable with mboxutil -R until impurge),"
          + " fileinto:<folder> (created when missing), report (a line 'mailbox uid uidvalidity' on"
          + " stdout), archive (deprecated: reported, messages left alone).",
      "Rules come from configutil (store.expirerule.<rule>.<attribute>) and the store.expirerule"
          + " files installed with -i for a partition, a user or a mailbox; -f uses one file"
          + " instead. Attributes: folderpattern, regexp, exclusive, messagecount, foldersizebytes,"
          + " messagedays, savedays, messagesize, messagesizedays, seen and deleted (and|or),"
          + " messageheader.<field>, sieve, action. A problem in any rule is printed with its"
          + " file and line and nothing runs (exit 65).",
      "Each mailbox's expiry is one commit by actor imexpire naming the rules: journal --actor"
          + " imexpire shows what expired and why. Statistics (-v) go to log/imexpire.log, or to"
          + " stdout with -d or -n; progress of a long run to stderr.",
      "Exit: 0 done, 64 usage, 65 a rule problem, 66 no such partition, mailbox or file, 67 no"
          + " such user, 75 a rule file for the same scope is executing (-i) or a mailbox could not"
          + " be committed."
    })
public final class ImexpireCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(names = "-d", description = "Display diagnostics to stdout/stderr.")
  boolean diagnostics;

  @Option(
      names = "-f",
      paramLabel = "config_file",
      description =
          "Use the expire rules in this file (all other rules are ignored); with -i, the file to"
              + " install.")
  Path ruleFile;

  @Option(names = "-i", description = "Install a local expire rule file.")
  boolean install;

  @Option(names = "-I", description = "Include trailing spaces on messageheader.*.")
  boolean trailingSpaces;

  @Option(
      names = "-m",
      paramLabel = "num",
      description = "Maximum number of rules in a policy. Default is 128.")
  int maxRules = ExpireOptions.DEFAULT_MAX_RULES;

  @Option(names = "-n", description = "Trial run only: do not perform expire.")
  boolean trial;

  @Option(
      names = "-p",
      paramLabel = "partition",
      description =
          "Expire the specified partition. When used with -i, it refers to the partition"
              + " name.")
  String partition;

  @Option(
      names = "-r",
      paramLabel = "num",
      description = "Maximum number of threads per partition. Default is 1.")
  int threadsPerPartition = ExpireOptions.DEFAULT_THREADS_PER_PARTITION;

  @Option(
      names = "-t",
      paramLabel = "num",
      description = "Maximum number of threads per process. Default is 50.")
  int threads = ExpireOptions.DEFAULT_THREADS;

  @Option(names = "-u", paramLabel = "user", description = "Expire the specified user.")
  String user;

  @Option(
      names = "-v",
      paramLabel = "num",
      description = "Log expire statistics: 0 store (default), 1 user, 2 mailbox, 3 message level.")
  int verbosity;

  @Option(
      names = "-x",
      paramLabel = "mailbox",
      description = "With -i: the mailbox the rule file is for, for example user/joe/INBOX.")
  String mailbox;

  @Option(
      names = "-c",
      description = "Check the rules only: read and parse them, list them, run nothing.")
  boolean check;

  @Option(
      names = "--progress",
      paramLabel = "SECONDS",
      hidden = true,
      description = "How often a run reports progress on stderr (default 10; 0 after each user).")
  long progressSeconds = 10;

  private ImexpireResult result;

  @Override
  public ImexpireResult result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    checkUsage();
    try (Store s =
        root.context()
            .openStore(store.resolve(root.context()), install ? StoreUse.WRITES : StoreUse.READS)) {
      if (install) {
        return install(s);
      }
      ExpireRules rules = load(s);
      List<ImexpireResult.RuleRow> rows = rows(rules);
      if (check) {
        result = ImexpireResult.rulesOnly("check", rows, null);
        PrintWriter out = root.context().out();
        rows.forEach(
            r ->
                out.println(
                    r.source()
                        + ": rule "
                        + r.name()
                        + " ("
                        + r.scope()
                        + "): "
                        + r.folders()
                        + " -> "
                        + r.action()));
        out.println("imexpire: " + rows.size() + " rules, no problem");
        out.flush();
        return 0;
      }
      return run(s, rules, rows);
    } catch (RuleSyntaxException e) {
      PrintWriter err = root.context().err();
      e.problems().forEach(p -> err.println("imexpire: " + p));
      err.flush();
      throw new VerbFailure(
          ExitCodes.DATA, e.problems().size() + " problem(s) in the expire rules; nothing ran");
    }
  }

  private void checkUsage() {
    if (verbosity < 0 || verbosity > 3) {
      throw VerbFailure.usage("-v takes 0, 1, 2 or 3");
    }
    if (threads < 1 || threadsPerPartition < 1 || maxRules < 1) {
      throw VerbFailure.usage("-t, -r and -m take a number 1 or more");
    }
    if (install) {
      int scopes = (partition != null ? 1 : 0) + (mailbox != null ? 1 : 0) + (user != null ? 1 : 0);
      if (scopes != 1 || ruleFile == null) {
        throw VerbFailure.usage("imexpire -i {-p partition | -x mailbox | -u user} -f config_file");
      }
      if (check || trial) {
        throw VerbFailure.usage("-i installs: it takes neither -c nor -n");
      }
      return;
    }
    if (mailbox != null) {
      throw VerbFailure.usage("-x names the mailbox of a rule file to install: use it with -i");
    }
    if (partition != null && user != null) {
      throw VerbFailure.usage("give -p partition or -u user, not both");
    }
  }

  private int install(Store s) throws IOException {
    RuleScope scope =
        partition != null
            ? RuleScope.partition(partition)
            : user != null ? RuleScope.user(user) : RuleScope.mailbox(mailbox);
    if (root.context().isDryRun()) {
      throw VerbFailure.usage("-i writes a file: it has no dry run (check the file with -c -f)");
    }
    try {
      List<ExpireRule> rules = RuleFiles.install(s, scope, ruleFile, trailingSpaces);
      Path where = RuleFiles.path(s, scope);
      result = ImexpireResult.rulesOnly("install", rows(new ExpireRules(rules)), where.toString());
      root.context()
          .out()
          .println("imexpire: installed " + rules.size() + " rules for " + scope + " in " + where);
      root.context().out().flush();
      return 0;
    } catch (NoSuchFileException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no such file: " + ruleFile);
    } catch (RuleFiles.ScopeBusy busy) {
      throw new VerbFailure(ExitCodes.TEMPORARY, "warning: " + busy.getMessage());
    } catch (Rejected r) {
      if (user != null && r.kind() == Rejected.Kind.NOT_FOUND) {
        throw new VerbFailure(ExitCodes.NO_USER, r.getMessage());
      }
      throw r;
    }
  }

  private ExpireRules load(Store s) throws IOException {
    if (ruleFile != null) {
      try {
        return RuleFiles.loadFile(ruleFile, trailingSpaces);
      } catch (NoSuchFileException e) {
        throw new VerbFailure(ExitCodes.NO_INPUT, "no such file: " + ruleFile);
      }
    }
    return RuleFiles.load(s, user == null ? null : List.of(user), trailingSpaces);
  }

  private static List<ImexpireResult.RuleRow> rows(ExpireRules rules) {
    List<ImexpireResult.RuleRow> rows = new ArrayList<>();
    for (ExpireRule r : rules.rules()) {
      String action =
          r.sieve() != null && !r.sieve().testOnly()
              ? "sieve"
              : r.action().word()
                  + (r.action() instanceof dev.msgstore.store.expire.ExpireAction.FileInto f
                      ? ":" + f.folder()
                      : "");
      rows.add(
          new ImexpireResult.RuleRow(
              r.name(),
              r.scope().toString(),
              r.source().toString(),
              r.exclusive() ? r.folders() + " (exclusive)" : r.folders().toString(),
              action));
    }
    return rows;
  }

  private int run(Store s, ExpireRules rules, List<ImexpireResult.RuleRow> rows)
      throws IOException {
    boolean trialRun = trial || root.context().isDryRun();
    boolean toStdout = diagnostics || trialRun;
    PrintWriter out = root.context().out();
    PrintWriter err = root.context().err();
    List<String> log = new ArrayList<>();
    Author by = Author.of(root.context().actor(), root.context().origin());
    ExpireOptions options =
        new ExpireOptions(
            trialRun,
            verbosity,
            threads,
            threadsPerPartition,
            user,
            partition,
            maxRules,
            progressSeconds < 0 ? null : Duration.ofSeconds(progressSeconds),
            by,
            Clock.systemUTC());
    ExpireListener listener =
        new ExpireListener() {
          @Override
          public synchronized void report(String line) {
            out.println(line);
          }

          @Override
          public synchronized void statistic(int level, String line) {
            if (level > verbosity) {
              return;
            }
            if (toStdout) {
              out.println(line);
            } else {
              log.add(Instant.now() + " " + line);
            }
          }

          @Override
          public synchronized void progress(String line) {
            err.println(line);
            err.flush();
          }

          @Override
          public synchronized void warning(String line) {
            err.println(line);
            err.flush();
          }
        };
    ExpireReport report;
    try {
      report = Expire.run(s, rules, options, listener);
    } catch (Rejected r) {
      if (user != null && r.kind() == Rejected.Kind.NOT_FOUND) {
        throw new VerbFailure(ExitCodes.NO_USER, r.getMessage());
      }
      throw r;
    }
    out.flush();
    if (!log.isEmpty()) {
      Path file = StoreLayout.log(s.root()).resolve("imexpire.log");
      Files.createDirectories(file.getParent());
      Files.write(
          file, log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    result = ImexpireResult.of(rows, report);
    if (!report.failures().isEmpty()) {
      throw new VerbFailure(
          ExitCodes.TEMPORARY,
          report.failures().size()
              + " mailbox(es) could not be expired (see above); the others were");
    }
    return 0;
  }
}
