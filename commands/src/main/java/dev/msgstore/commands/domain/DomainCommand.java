package dev.msgstore.commands.domain;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DirectoryVerbs;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.user.Sizes;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateDomainEntry;
import dev.msgstore.store.command.DeleteDomainEntry;
import dev.msgstore.store.command.ModifyDomainEntry;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.QuotaLimits;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code domain}: the hosted domains of the embedded directory. Its {@link #result()} is the {@link
 * DomainRow} shown or changed, or the rows listed.
 */
@Command(
    name = "domain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create, change, remove, show and list the hosted domains of the directory.",
      "Actions: create NAME, modify NAME, delete NAME (only once it has no users), show NAME,"
          + " list [PATTERN]. A domain whose status is not active accepts no mail for its users"
          + " (overquota is what imquotacheck -f sets).",
      "With store.directory=ldap the directory is administered in LDAP: show and list read it,"
          + " the other actions change nothing and exit 69."
    },
    footer = {
      "%nOracle's commadmin: 'commadmin domain create|modify|delete|search -D ...' are domain"
          + " create, modify, delete, and show or list.",
      "In scripts: domain 'create', 'example.com' or domain.create('example.com', quota: '10G')."
    })
public final class DomainCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Active, inactive, hold, deleted, removed or overquota (create: active).")
  String status;

  @Option(
      names = "--quota",
      paramLabel = "SIZE",
      description = "The domain's disk quota: bytes, or with K, M or G; none for no limit.")
  String quota;

  @Option(
      names = "--msgquota",
      paramLabel = "COUNT",
      description = "The domain's message quota; none for no limit.")
  String msgquota;

  @Option(
      names = "--partition",
      paramLabel = "NAME",
      description = "The partition its users' mailboxes go to unless theirs says otherwise.")
  String partition;

  @Option(names = "--create", hidden = true)
  boolean create;

  @Option(names = "--modify", hidden = true)
  boolean modify;

  @Option(names = "--delete", hidden = true)
  boolean delete;

  @Option(names = "--show", hidden = true)
  boolean show;

  @Option(names = "--list", hidden = true)
  boolean list;

  @Parameters(
      paramLabel = "ACTION NAME",
      arity = "0..*",
      description = "The action, then the domain (or, for list, the pattern).")
  List<String> words = new ArrayList<>();

  private Object result;

  @Override
  public Object result() {
    return result;
  }

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(words);
    List<String> modes = new ArrayList<>();
    boolean[] set = {create, modify, delete, show, list};
    String[] names = {"create", "modify", "delete", "show", "list"};
    for (int i = 0; i < set.length; i++) {
      if (set[i]) {
        modes.add(names[i]);
      }
    }
    String action = DirectoryVerbs.action(args, modes);
    boolean writes = !action.equals("show") && !action.equals("list");
    try (Store s =
        root.context()
            .openStore(store.resolve(root.context()), writes ? StoreUse.WRITES : StoreUse.READS)) {
      if (writes) {
        DirectoryVerbs.requireEmbedded(s);
      }
      result =
          switch (action) {
            case "create" -> create(s, DirectoryVerbs.one(action, args));
            case "modify" -> modify(s, DirectoryVerbs.one(action, args));
            case "delete" -> delete(s, DirectoryVerbs.one(action, args));
            case "show" -> show(s, DirectoryVerbs.one(action, args));
            case "list" -> list(s, args);
            default ->
                throw VerbFailure.usage(
                    "unknown action '" + action + "' (create, modify, delete, show, list)");
          };
    }
    return 0;
  }

  private QuotaLimits quota(QuotaLimits q) {
    QuotaLimits out = q;
    if (quota != null) {
      out = out.withBytes(Sizes.bytes("--quota", quota));
    }
    if (msgquota != null) {
      out = out.withMessages(Sizes.count("--msgquota", msgquota));
    }
    return out;
  }

  private DomainRow create(Store s, String name) {
    DirectoryDomain d =
        new DirectoryDomain(
            name,
            status == null ? DomainStatus.ACTIVE : DomainStatus.parse(status),
            0,
            quota(QuotaLimits.NONE),
            partition == null ? "" : partition);
    s.execute(root.context().author(), new CreateDomainEntry(d));
    return shown(s, d.name());
  }

  private DomainRow modify(Store s, String name) {
    if (status == null && quota == null && msgquota == null && partition == null) {
      throw VerbFailure.usage("modify: nothing to change (--status, --quota, --msgquota, ...)");
    }
    DomainStatus to = status == null ? null : DomainStatus.parse(status);
    s.execute(
        root.context().author(),
        new ModifyDomainEntry(
            name,
            d ->
                new DirectoryDomain(
                    d.name(),
                    to == null ? d.status() : to,
                    d.statusChangedMicros(),
                    quota(d.quota()),
                    partition == null ? d.defaultPartition() : partition)));
    return shown(s, name);
  }

  private DomainRow delete(Store s, String name) {
    DomainRow before = shown(s, name);
    s.execute(root.context().author(), new DeleteDomainEntry(name));
    return before;
  }

  private DomainRow show(Store s, String name) {
    DomainRow row = shown(s, name);
    print(row.block());
    return row;
  }

  private List<DomainRow> list(Store s, List<String> args) {
    if (args.size() > 1) {
      throw VerbFailure.usage("list takes at most one pattern");
    }
    try (Directory d = Directories.open(s)) {
      List<DomainRow> rows =
          d.domains(args.isEmpty() ? "*" : args.get(0)).stream().map(DomainRow::of).toList();
      rows.forEach(r -> print(r.line()));
      return rows;
    }
  }

  private static DomainRow shown(Store s, String name) {
    try (Directory d = Directories.open(s)) {
      return d.domain(name)
          .map(DomainRow::of)
          .orElseThrow(
              () ->
                  new VerbFailure(ExitCodes.NO_INPUT, "no such domain in the directory: " + name));
    }
  }

  private void print(String text) {
    PrintWriter out = root.context().out();
    out.println(text);
    out.flush();
  }
}
