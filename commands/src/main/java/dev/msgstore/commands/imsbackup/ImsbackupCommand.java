package dev.msgstore.commands.imsbackup;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.InputFile;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.backup.Backup;
import dev.msgstore.store.backup.BackupOutput;
import dev.msgstore.store.backup.BackupScope;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imsbackup} (Table 71-19): writes the named accounts and mailboxes to a backup stream
 * (docs/BACKUP-STREAM.md) in a file, a pipe or standard output. The stream is the state of one read
 * view, written in constant memory; {@code -d} writes only what the journal says changed since a
 * date. Its {@link #result()} is a {@link BackupReport}.
 */
@Command(
    name = "imsbackup",
    footer = "%nReference: Table 71-19, imsbackup Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Back up accounts and mailboxes to a file, a pipe or standard output (-f -).",
      "Names: / (everything), /partition, /partition/group (config/backup-groups.conf),"
          + " /partition/user/uid[/folder], user/uid[/folder] (* and % patterns) or a user id.",
      "The stream is gzip-compressed, framed and checksummed, and ends with a trailer;"
          + " 'imsrestore -t' lists it and tells a complete backup from a truncated one."
    })
public final class ImsbackupCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(
      names = "-f",
      paramLabel = "file",
      required = true,
      description = "Output file (- for standard output).")
  String file;

  @Option(
      names = "-b",
      paramLabel = "num",
      description = "Block factor: write in blocks of num x 512 bytes (default 20).")
  Integer blockFactor;

  @Option(
      names = "-d",
      paramLabel = "date",
      description = "Back up only what changed since date, YYYYMMDD[:HHMMSS] (local time, TZ).")
  String date;

  @Option(
      names = "-e",
      paramLabel = "encoding",
      description = "Mailbox name encoding of the names given (default modified UTF-7).")
  String encoding;

  @Option(
      names = "-g",
      description =
          "Debug mode: say on stderr what each name selects and each user's backup group.")
  boolean debug;

  @Option(
      names = "-i",
      description =
          "Ignore links: every body is written in full (always so: see docs/BACKUP-STREAM.md).")
  boolean ignoreLinks;

  @Option(names = "-l", description = "Autoload (a tape changer's; a file or pipe needs none).")
  boolean autoload;

  @Option(
      names = "-m",
      paramLabel = "link_count",
      description = "Minimum link count for hashing (recorded; bodies are never linked).")
  Integer linkCount;

  @Option(
      names = "-n",
      paramLabel = "path",
      description = "NetWorker backup path: the names are user ids or mailbox names under it.")
  String networkerPath;

  @Option(names = "-p", description = "Print progress on stderr.")
  boolean progress;

  @Option(
      names = "-r",
      description = "Read only: back up the projections as they are, without catching them up.")
  boolean readOnly;

  @Option(
      names = "-u",
      paramLabel = "file",
      description = "Use the object names in file (one a line).")
  Path namesFile;

  @Option(names = "-v", description = "Verbose: one line per mailbox on stderr.")
  boolean verbose;

  @Option(names = "-x", description = "Back up expunged messages not yet purged.")
  boolean expunged;

  @Option(names = "--no-compress", description = "Write the stream without gzip.")
  boolean noCompress;

  @Parameters(paramLabel = "name", description = "Object names.")
  List<String> names = new ArrayList<>();

  private BackupReport result;

  @Override
  public BackupReport result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    if (blockFactor != null && (blockFactor < 1 || blockFactor > 4096)) {
      throw VerbFailure.usage("-b: a block factor from 1 to 4096");
    }
    if (linkCount != null && linkCount < 1) {
      throw VerbFailure.usage("-m: a link count of at least 1");
    }
    if (format.json() && file.equals("-")) {
      throw VerbFailure.usage("--format json prints the result on standard output: give -f a file");
    }
    NameCodec codec = NameCodec.of(encoding);
    List<String> given = new ArrayList<>();
    if (namesFile != null) {
      InputFile f = InputFile.read(namesFile, codec.fileCharset());
      for (String line : f.lines()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          given.add(line.strip());
        }
      }
    }
    given.addAll(names);
    if (given.isEmpty()) {
      throw VerbFailure.usage("name what to back up (/ for the whole store), or give -u file");
    }
    List<String> internal = new ArrayList<>();
    for (String g : given) {
      String name = g.startsWith("/") ? g : codec.toInternal(g);
      internal.add(
          networkerPath != null && !g.startsWith("/") && !g.startsWith("user/") && g.contains("/")
              ? "user/" + name
              : name);
    }
    long since = date == null ? 0 : parseDate(date, root.context().env());
    Path storeRoot = store.resolve(root.context());
    ObjectNames objects = ObjectNames.parse(internal, () -> BackupGroups.of(storeRoot));
    PrintWriter err = root.context().err();
    try (Store s = root.context().openStore(storeRoot, StoreUse.READS)) {
      try (ProjectionReader view = readOnly ? s.projections().beginRead() : s.read()) {
        if (readOnly && view.stamp() < s.journal().lastIndex()) {
          err.println(
              "imsbackup: -r: the projections cover journal index "
                  + view.stamp()
                  + " of "
                  + s.journal().lastIndex()
                  + "; backing up that state");
        }
        ObjectNames.Resolved selected = objects.resolve(view);
        if (debug) {
          BackupGroups groups = BackupGroups.of(storeRoot);
          for (String u : selected.users()) {
            err.println("imsbackup: user " + u + " (group " + groups.groupOf(u).orElse("-") + ")");
          }
          for (String m : selected.mailboxes()) {
            err.println("imsbackup: mailbox " + m);
          }
        }
        BackupScope scope =
            new BackupScope(selected.users(), selected.mailboxes(), since, expunged, given);
        result = write(s, view, scope, err);
      }
    }
    return 0;
  }

  private BackupReport write(Store s, ProjectionReader view, BackupScope scope, PrintWriter err)
      throws IOException {
    boolean toStdout = file.equals("-");
    Path target = toStdout ? null : Path.of(file);
    // a file is written beside its name and moved there once complete: a failed backup never
    // leaves a truncated file under the name of a good one
    Path partial = null;
    OutputStream raw;
    if (toStdout) {
      raw = root.context().outBytes();
    } else if (Files.isRegularFile(target) || !Files.exists(target)) {
      Path dir = target.toAbsolutePath().getParent();
      partial = dir.resolve("." + target.getFileName() + ".partial");
      raw = Files.newOutputStream(partial);
    } else {
      raw = Files.newOutputStream(target); // a device or a pipe
    }
    int block = 512 * (blockFactor == null ? 20 : blockFactor);
    long[] last = {0};
    Backup.Progress p =
        (name, messages, bytes, total) -> {
          if (verbose) {
            err.println("a " + name + " " + messages + " messages " + bytes + " bytes");
          }
          if (progress && total - last[0] >= 16L << 20) {
            last[0] = total;
            err.println("imsbackup: " + (total >> 20) + " MB written, at " + name);
          }
          err.flush();
        };
    Backup.Summary sum;
    try (OutputStream o = new BufferedOutputStream(raw, block);
        BackupOutput out = new BackupOutput(o, !noCompress)) {
      sum = new Backup(s, Clock.systemUTC(), p).write(view, scope, out, Author.of("", "").host());
    } catch (IOException | RuntimeException e) {
      if (partial != null) {
        Files.deleteIfExists(partial);
      }
      throw e;
    }
    if (partial != null) {
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    if (progress || verbose) {
      err.println(
          "imsbackup: "
              + sum.users()
              + " users, "
              + sum.mailboxes()
              + " mailboxes, "
              + sum.messages()
              + " messages, "
              + sum.bodyBytes()
              + " bytes (journal index "
              + sum.journalIndex()
              + ")");
      err.flush();
    }
    return new BackupReport(
        file,
        sum.journalIndex(),
        scope.sinceMicros(),
        sum.users(),
        sum.mailboxNames(),
        sum.messages(),
        sum.bodyBytes(),
        sum.streamBytes());
  }

  /** {@code YYYYMMDD[:HHMMSS]} in the zone of TZ (else the JVM's), as microseconds. */
  public static long parseDate(String date, Map<String, String> env) {
    try {
      String[] parts = date.split(":", -1);
      if (parts.length > 2
          || !parts[0].matches("\\d{8}")
          || (parts.length == 2 && !parts[1].matches("\\d{6}"))) {
        throw new DateTimeException(date);
      }
      LocalDate day = LocalDate.parse(parts[0], DateTimeFormatter.BASIC_ISO_DATE);
      LocalTime time =
          parts.length == 2
              ? LocalTime.parse(parts[1], DateTimeFormatter.ofPattern("HHmmss"))
              : LocalTime.MIDNIGHT;
      String tz = env.get("TZ");
      ZoneId zone = ZoneId.systemDefault();
      if (tz != null && !tz.isBlank()) {
        try {
          zone = ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
        } catch (DateTimeException e) {
          // an unknown TZ: the JVM's zone, as date(1) falls back
        }
      }
      return LocalDateTime.of(day, time).atZone(zone).toInstant().toEpochMilli() * 1000;
    } catch (DateTimeException e) {
      throw VerbFailure.usage("-d " + date + ": not a date in the form YYYYMMDD[:HHMMSS]");
    }
  }
}
