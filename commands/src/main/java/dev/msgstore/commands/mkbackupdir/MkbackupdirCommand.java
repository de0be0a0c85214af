package dev.msgstore.commands.mkbackupdir;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.imsbackup.BackupGroups;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mkbackupdir} (Tables 71-27, 71-28): the backup directory NetWorker walks, an image of the
 * store without its data: {@code path/partition/group/user/} with a zero-length file per mailbox (a
 * folder with subfolders: {@code folder.msg} beside the directory {@code folder/}) and a {@code
 * .nsr} file naming the ASM for them; groups from {@code config/backup-groups.conf} (else {@code
 * ALL}). Run again, it synchronizes: what the store no longer has is removed.
 */
@Command(
    name = "mkbackupdir",
    footer = "%nReference: Tables 71-27 and 71-28, mkbackupdir.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create or synchronize the backup directory (an image of the store for NetWorker)."
    })
public final class MkbackupdirCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(
      names = "-a",
      paramLabel = "asm",
      description = "The ASM the .nsr files name (default imsasm).")
  String asm = "imsasm";

  @Option(
      names = "-e",
      paramLabel = "encoding",
      description = "Mailbox name encoding of the file names.")
  String encoding;

  @Option(names = "-f", description = "Folders only (not the INBOX).")
  boolean foldersOnly;

  @Option(names = "-i", description = "INBOX only.")
  boolean inboxOnly;

  @Option(names = "-u", description = "User level: one file per user instead of one per folder.")
  boolean userLevel;

  @Option(names = "-g", description = "Debug mode.")
  boolean debug;

  @Option(names = "-v", description = "Verbose: each file created or removed.")
  boolean verbose;

  @Option(names = "-p", paramLabel = "path", required = true, description = "The backup directory.")
  Path path;

  @Option(
      names = "-t",
      paramLabel = "max_thread",
      description = "Threads (1-256; the tree is made by one).")
  Integer threads;

  private BackupDirReport result;

  @Override
  public BackupDirReport result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    if ((foldersOnly ? 1 : 0) + (inboxOnly ? 1 : 0) + (userLevel ? 1 : 0) > 1) {
      throw VerbFailure.usage("-i, -f and -u cannot be used together");
    }
    if (threads != null && (threads < 1 || threads > 256)) {
      throw VerbFailure.usage("-t: max_thread from 1 to 256");
    }
    if (!asm.matches("[A-Za-z0-9._-]+")) {
      throw VerbFailure.usage("-a: an ASM name is letters, digits, '.', '_' and '-'");
    }
    NameCodec codec = NameCodec.of(encoding);
    Path storeRoot = store.resolve(root.context());
    BackupGroups groups = BackupGroups.of(storeRoot);
    // every file the tree should hold, relative to path, with the .nsr files' contents
    Map<String, String> files = new TreeMap<>();
    TreeSet<String> dirs = new TreeSet<>();
    long users;
    try (var s = root.context().openStore(storeRoot, StoreUse.READS);
        ProjectionReader r = s.read()) {
      Map<String, List<MailboxRecord>> byUser = new TreeMap<>();
      r.forEachMailbox(
          MailboxNames.USER_PREFIX,
          m -> {
            m.owner().ifPresent(o -> byUser.computeIfAbsent(o, k -> new ArrayList<>()).add(m));
            return true;
          });
      Map<String, String> partitions = new TreeMap<>();
      r.forEachUser(
          "",
          u -> {
            partitions.put(u.userId(), u.partition());
            return true;
          });
      users = byUser.size();
      for (var e : byUser.entrySet()) {
        String user = e.getKey();
        String group = groups.groupOf(user).orElse(null);
        if (group == null) {
          continue; // in no group: NetWorker is not told of them
        }
        String partition = partitions.getOrDefault(user, e.getValue().get(0).partition());
        String groupDir = partition + "/" + group;
        dirs.add(partition);
        dirs.add(groupDir);
        if (userLevel) {
          files.put(groupDir + "/" + user, "");
          String nsr = files.getOrDefault(groupDir + "/.nsr", asm + ":");
          files.put(groupDir + "/.nsr", nsr + " " + user);
          continue;
        }
        String userDir = groupDir + "/" + user;
        dirs.add(userDir);
        String inbox = MailboxNames.inboxOf(user);
        TreeSet<String> names = new TreeSet<>();
        e.getValue().forEach(m -> names.add(m.name()));
        List<String> saved = new ArrayList<>();
        List<MailboxRecord> boxes = new ArrayList<>(e.getValue());
        boxes.sort(Comparator.comparing((MailboxRecord m) -> !m.name().equals(inbox)));
        for (MailboxRecord m : boxes) {
          boolean isInbox = m.name().equals(inbox);
          if ((inboxOnly && !isInbox) || (foldersOnly && isInbox)) {
            continue;
          }
          String rel =
              codec.toDisplay(
                  m.name().substring(MailboxNames.USER_PREFIX.length() + user.length() + 1));
          String next = names.higher(m.name() + "/");
          boolean parent = next != null && next.startsWith(m.name() + "/");
          String file = rel + (parent ? ".msg" : "");
          files.put(userDir + "/" + file, "");
          String[] levels = file.split("/");
          String d = userDir;
          for (int i = 0; i < levels.length - 1; i++) {
            d = d + "/" + levels[i];
            dirs.add(d);
          }
          saved.add(file);
        }
        files.put(userDir + "/.nsr", asm + ": " + String.join(" ", saved));
      }
    }
    List<String> created = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    Files.createDirectories(path);
    // synchronize: what the store no longer has leaves the tree (deepest first)
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        if (p.equals(path)) {
          continue;
        }
        String rel = path.relativize(p).toString();
        boolean keep = Files.isDirectory(p) ? dirs.contains(rel) : files.containsKey(rel);
        if (!keep) {
          Files.delete(p);
          removed.add(rel + (Files.isDirectory(p) ? "/" : ""));
        }
      }
    }
    for (String d : dirs) {
      Path p = path.resolve(d);
      if (!Files.isDirectory(p)) {
        Files.createDirectories(p);
        created.add(d + "/");
      }
    }
    for (var f : files.entrySet()) {
      Path p = path.resolve(f.getKey());
      byte[] content =
          f.getValue().isEmpty()
              ? new byte[0]
              : (f.getValue() + "\n").getBytes(StandardCharsets.UTF_8);
      if (!Files.exists(p) || !java.util.Arrays.equals(Files.readAllBytes(p), content)) {
        if (!Files.exists(p)) {
          created.add(f.getKey());
        }
        Files.write(p, content);
      }
    }
    PrintWriter out = root.context().out();
    if (verbose) {
      created.forEach(c -> out.println("created " + c));
      removed.forEach(c -> out.println("removed " + c));
    }
    if (debug) {
      root.context().err().println("mkbackupdir: groups " + groups.groups().keySet());
    }
    out.println(
        "mkbackupdir: "
            + users
            + " users, "
            + files.size()
            + " files in "
            + path
            + " ("
            + created.size()
            + " created, "
            + removed.size()
            + " removed)");
    out.flush();
    result = new BackupDirReport(path.toString(), created, removed, users);
    return 0;
  }
}
