package dev.msgstore.commands.user;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DirectoryVerbs;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.command.DeleteUserEntry;
import dev.msgstore.store.command.ModifyUserEntry;
import dev.msgstore.store.command.SetPassword;
import dev.msgstore.store.directory.AddressConflict;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.PasswordHashing;
import dev.msgstore.store.directory.UserStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code user}: the users of the embedded directory. Each change is one commit of directory events
 * ({@code journal --type directory}); a quota set here is in the quota projection from the same
 * commit. Its {@link #result()} is the {@link UserRow} shown or changed, or the rows listed.
 */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create, change, remove, show and list the users of the directory, and set their passwords.",
      "Actions: create NAME, modify NAME, delete NAME, show NAME, list [PATTERN], passwd NAME,"
          + " status NAME [active|inactive|hold|deleted|removed]. NAME is uid, or uid@domain for"
          + " a user of a hosted domain (the domain must exist: see domain create). A new user has"
          + " no mailbox: their INBOX is made at their first delivery. PATTERN: * any characters,"
          + " %% any characters but '@'.",
      "The password is read from --password-file, from a prompt on the console, or from the"
          + " first line of standard input; it is never an argument, and only its salted hash"
          + " (PBKDF2-HMAC-SHA256) is stored.",
      "With store.directory=ldap the directory is administered in LDAP: show and list read it,"
          + " the other actions change nothing and exit 69."
    },
    footer = {
      "%nOracle's commadmin: 'commadmin user create -l joe -d example.com ...' is 'user create"
          + " joe@example.com ...'; 'commadmin user modify' is user modify, user status and user"
          + " passwd; 'commadmin user delete', which marks the user deleted for msuserpurge, is"
          + " 'user status NAME deleted', and user delete removes the entry at once (their"
          + " mailboxes stay: mboxutil -d user/NAME); 'commadmin user search' is user show and"
          + " user list.",
      "In scripts: user 'create', 'joe', '--quota', '5G' or user.create('joe', quota: '5G'); the status action is user.setStatus('joe', 'hold')."
    })
public final class UserCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Mixin UserFields fields;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Create, passwd: the password is this file's first line.")
  Path passwordFile;

  // The typed script form's modes (user.create('joe', quota: '5G')): the action as a switch.
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

  @Option(
      names = "--conflicts",
      description =
          "List: instead of users, the addresses that more than one user claims (an LDAP"
              + " directory can hold them; the embedded one refuses them), one per line: ADDRESS"
              + " USER USER...")
  boolean conflicts;

  @Option(names = "--passwd", hidden = true)
  boolean passwd;

  @Option(names = "--set-status", hidden = true)
  boolean setStatus;

  @Parameters(
      paramLabel = "ACTION NAME",
      arity = "0..*",
      description = "The action, then the user (or, for list, the pattern).")
  List<String> words = new ArrayList<>();

  private Object result;

  @Override
  public Object result() {
    return result;
  }

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(words);
    String action = DirectoryVerbs.action(args, modes());
    if (conflicts && !action.equals("list")) {
      throw VerbFailure.usage("--conflicts goes with list");
    }
    boolean writes = !action.equals("show") && !action.equals("list");
    if (action.equals("status") && args.size() == 1) {
      writes = false;
    }
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
            case "passwd" -> passwd(s, DirectoryVerbs.one(action, args));
            case "status" -> status(s, args);
            default ->
                throw VerbFailure.usage(
                    "unknown action '"
                        + action
                        + "' (create, modify, delete, show, list, passwd, status)");
          };
    }
    return 0;
  }

  private List<String> modes() {
    List<String> m = new ArrayList<>();
    boolean[] set = {create, modify, delete, show, list, passwd, setStatus};
    String[] names = {"create", "modify", "delete", "show", "list", "passwd", "status"};
    for (int i = 0; i < set.length; i++) {
      if (set[i]) {
        m.add(names[i]);
      }
    }
    return m;
  }

  private UserRow create(Store s, String name) {
    DirectoryUser u = fields.newUser(name);
    PasswordHash hash = passwordFile == null ? PasswordHash.NONE : hash();
    s.execute(root.context().author(), new CreateUserEntry(u, hash));
    return shown(s, u.name());
  }

  private UserRow modify(Store s, String name) {
    if (!fields.any()) {
      throw VerbFailure.usage("modify: nothing to change (--mail, --alias, --quota, ...)");
    }
    if (passwordFile != null) {
      throw VerbFailure.usage("--password-file is for create and passwd");
    }
    s.execute(root.context().author(), new ModifyUserEntry(name, fields.edit()));
    return shown(s, name);
  }

  private UserRow delete(Store s, String name) {
    UserRow before = shown(s, name);
    s.execute(root.context().author(), new DeleteUserEntry(name));
    return before;
  }

  private UserRow passwd(Store s, String name) {
    shown(s, name); // an unknown user is told before the password is asked for
    s.execute(root.context().author(), new SetPassword(name, hash()));
    return shown(s, name);
  }

  private PasswordHash hash() {
    char[] password = PasswordInput.read(root.context(), passwordFile);
    try {
      return new PasswordHash(PasswordHashing.standard().hash(password));
    } finally {
      PasswordInput.clear(password);
    }
  }

  private UserRow status(Store s, List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw VerbFailure.usage("status takes: NAME [active|inactive|hold|deleted|removed]");
    }
    String name = args.get(0);
    if (args.size() == 1) {
      UserRow row = shown(s, name);
      print(
          row.name()
              + " "
              + row.status()
              + (row.statusChanged().isEmpty() ? "" : " " + row.statusChanged()));
      return row;
    }
    UserStatus to = UserStatus.parse(args.get(1));
    s.execute(root.context().author(), new ModifyUserEntry(name, u -> u.withStatus(to, 0)));
    return shown(s, name);
  }

  private UserRow show(Store s, String name) {
    UserRow row = shown(s, name);
    print(row.block());
    return row;
  }

  private List<?> list(Store s, List<String> args) {
    if (args.size() > 1) {
      throw VerbFailure.usage("list takes at most one pattern");
    }
    if (conflicts) {
      if (!args.isEmpty()) {
        throw VerbFailure.usage("list --conflicts takes no pattern");
      }
      try (Directory d = Directories.open(s)) {
        List<AddressConflict> found = d.addressConflicts();
        found.forEach(c -> print(c.address() + " " + String.join(" ", c.users())));
        return found;
      }
    }
    String pattern = args.isEmpty() ? "*" : args.get(0);
    try (Directory d = Directories.open(s)) {
      List<UserRow> rows = d.users(pattern).stream().map(UserRow::of).toList();
      rows.forEach(r -> print(r.line()));
      return rows;
    }
  }

  /** The user as the directory has them now, or a failure naming them. */
  private static UserRow shown(Store s, String name) {
    try (Directory d = Directories.open(s)) {
      return d.user(name)
          .map(UserRow::of)
          .orElseThrow(
              () -> new VerbFailure(ExitCodes.NO_INPUT, "no such user in the directory: " + name));
    }
  }

  private void print(String text) {
    PrintWriter out = root.context().out();
    out.println(text);
    out.flush();
  }
}
