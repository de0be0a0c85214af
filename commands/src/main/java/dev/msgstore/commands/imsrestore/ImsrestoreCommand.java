package dev.msgstore.commands.imsrestore;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.InputFile;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.imsbackup.BackupGroups;
import dev.msgstore.commands.imsbackup.ObjectNames;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.backup.BackupInput;
import dev.msgstore.store.backup.BackupRecord;
import dev.msgstore.store.backup.BackupStreamException;
import dev.msgstore.store.backup.Restore;
import dev.msgstore.store.backup.Restore.RestoredMailbox;
import dev.msgstore.store.backup.RestorePlan;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imsrestore} (Table 71-25): restores a backup stream written by imsbackup, one commit per
 * mailbox ({@link Restore}), or lists it ({@code -t}, {@code -h}, {@code -D}). Its {@link
 * #result()} is a {@link RestoreReport}.
 */
@Command(
    name = "imsrestore",
    footer = "%nReference: Table 71-25, imsrestore Options.",
    sortOptions = false,
    description = {
      "Restore mailboxes and accounts from an imsbackup stream (a file, a pipe, or - for stdin).",
      "Each mailbox is one commit: restored whole or not at all. Into a mailbox that does not exist"
          + " UIDVALIDITY and UIDs are kept; into one that does, messages get new UIDs after its"
          + " last. A damaged or truncated stream stops the restore at the frame that fails,"
          + " naming the user and folder; what was restored before it stands."
    })
public final class ImsrestoreCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(names = "--help", usageHelp = true, description = "Show usage (-h dumps the header).")
  boolean usage;

  @Option(
      names = "-f",
      paramLabel = "device",
      required = true,
      description = "Input (- for standard input).")
  String file;

  @Option(
      names = "-b",
      paramLabel = "num",
      description = "Block factor: read in blocks of num x 512 bytes.")
  Integer blockFactor;

  @Option(
      names = "-c",
      paramLabel = "y|n",
      description =
          "Answer to \"Do you want to continue?\" when a mailbox exists: y restores into it, n skips it.")
  String answer;

  @Option(
      names = "-d",
      paramLabel = "path",
      description =
          "Restore every mailbox under this folder of its owner (user/joe/INBOX to user/joe/path/INBOX).")
  String underPath;

  @Option(names = "-D", description = "Dump the messages in imcheck -D format (restores nothing).")
  boolean dump;

  @Option(
      names = "-e",
      paramLabel = "encoding",
      description = "Mailbox name encoding of names and mapfile.")
  String encoding;

  @Option(
      names = "-E",
      description = "Update and expunge existing messages: the mailbox ends as the backup has it.")
  boolean update;

  @Option(names = "-h", description = "Dump the header (restores nothing).")
  boolean header;

  @Option(
      names = "-g",
      description = "Debug mode: each frame read is counted on stderr at the end.")
  boolean debug;

  @Option(names = "-i", description = "Ignore existing messages (append without looking for them).")
  boolean ignoreExisting;

  @Option(
      names = "-m",
      paramLabel = "file",
      description = "User name mapping file: oldname=newname lines.")
  Path mapFile;

  @Option(
      names = "-n",
      description = "If a mailbox exists, restore into a new one with a date extension.")
  boolean dated;

  @Option(names = "-p", description = "Restore new mailboxes to their original partition.")
  boolean originalPartition;

  @Option(
      names = "-P",
      paramLabel = "partition",
      description = "Restore new mailboxes to this partition.")
  String partition;

  @Option(
      names = "-r",
      paramLabel = "file",
      description = "Reference file (links; this stream format has none).")
  Path referenceFile;

  @Option(names = "-s", description = "No seek (the stream is always read in order, never sought).")
  boolean noSeek;

  @Option(
      names = "-S",
      paramLabel = "sep",
      arity = "0..1",
      fallbackValue = "|",
      description = "Dump records separator (default |).")
  String separator;

  @Option(names = "-t", description = "Print the table of contents (restores nothing).")
  boolean toc;

  @Option(names = "-u", paramLabel = "file", description = "Object names from file (one a line).")
  Path namesFile;

  @Option(names = "-v", paramLabel = "mode", description = "Verbose mode, 0-5 (default 2).")
  Integer verbosity;

  @Option(names = "-x", description = "Restore stub.")
  boolean stub;

  @Option(names = "--ignore-quota", description = "Do not check the owners' quotas.")
  boolean ignoreQuota;

  @Parameters(paramLabel = "name", description = "Object names (as imsbackup's).")
  List<String> names = new ArrayList<>();

  private RestoreReport result;

  @Override
  public RestoreReport result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    int verbose = verbosity == null ? 2 : verbosity;
    if (verbose < 0 || verbose > 5) {
      throw VerbFailure.usage("-v: a mode from 0 to 5");
    }
    if (answer != null && !answer.equals("y") && !answer.equals("n")) {
      throw VerbFailure.usage("-c: y or n");
    }
    if (ignoreExisting && update) {
      throw VerbFailure.usage("-i and -E cannot be used together");
    }
    if (partition != null && originalPartition) {
      throw VerbFailure.usage("-p and -P cannot be used together");
    }
    if (blockFactor != null && (blockFactor < 1 || blockFactor > 4096)) {
      throw VerbFailure.usage("-b: a block factor from 1 to 4096");
    }
    if (stub) {
      throw VerbFailure.usage("-x: this store keeps no stubs (messages whose body is elsewhere)");
    }
    if (referenceFile != null) {
      throw VerbFailure.usage(
          "-r: this stream format has no links (every message carries its body); name mailboxes"
              + " with -u or arguments");
    }
    boolean listing = toc || header || dump;
    NameCodec codec = NameCodec.of(encoding);
    NameMap map =
        mapFile == null
            ? NameMap.NONE
            : NameMap.parse(InputFile.read(mapFile, codec.fileCharset()), codec);
    List<String> given = new ArrayList<>();
    if (namesFile != null) {
      for (String line : InputFile.read(namesFile, codec.fileCharset()).lines()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          given.add(line.strip());
        }
      }
    }
    given.addAll(names);
    List<String> internal = new ArrayList<>();
    for (String g : given) {
      internal.add(g.startsWith("/") ? g : codec.toInternal(g));
    }
    Path storeRoot = store.resolve(root.context());
    ObjectNames objects = ObjectNames.parse(internal, () -> BackupGroups.of(storeRoot));
    if (underPath != null && MailboxNames.problem("user/x/" + underPath).isPresent()) {
      throw VerbFailure.usage("-d " + underPath + ": not a folder name");
    }
    PrintWriter out = root.context().out();
    PrintWriter err = root.context().err();
    try (InputStream raw = open();
        BackupInput in = BackupInput.open(raw)) {
      BackupRecord first = in.next();
      if (!(first instanceof BackupRecord.Header h)) {
        throw new VerbFailure(ExitCodes.DATA, file + ": not a msgstore backup stream");
      }
      if (listing) {
        return list(in, h, objects, out, err);
      }
      return restore(in, h, objects, map, storeRoot, verbose, out, err);
    } catch (BackupStreamException e) {
      throw new VerbFailure(ExitCodes.DATA, file + ": " + e.getMessage());
    }
  }

  private InputStream open() throws IOException {
    int block = 512 * (blockFactor == null ? 20 : blockFactor);
    if (file.equals("-")) {
      return new BufferedInputStream(root.context().in(), block);
    }
    try {
      return new BufferedInputStream(Files.newInputStream(Path.of(file)), block);
    } catch (NoSuchFileException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + file + ": no such file");
    }
  }

  private int list(
      BackupInput in, BackupRecord.Header h, ObjectNames objects, PrintWriter out, PrintWriter err)
      throws IOException {
    Listing l = new Listing(out, zone(), verbosity == null ? 2 : verbosity, objects::selects);
    boolean complete = false;
    try {
      if (header || toc) {
        l.header(h);
      }
      if (toc) {
        l.toc(in);
        complete = true;
      } else if (dump) {
        l.dump(in, separator == null ? "|" : separator);
        complete = true;
      }
    } catch (BackupStreamException e) {
      out.flush();
      result = report(h, false, l.mailboxes, l.accounts, l.messages, l.bytes, l.current);
      throw new VerbFailure(
          ExitCodes.DATA,
          file
              + ": "
              + e.getMessage()
              + (l.current != null ? " (in " + l.current + ")" : "")
              + "; the backup is not complete");
    } finally {
      out.flush();
    }
    if (debug) {
      err.println("imsrestore: " + in.frame() + " frames read");
    }
    result = report(h, complete, l.mailboxes, l.accounts, l.messages, l.bytes, null);
    return 0;
  }

  private int restore(
      BackupInput in,
      BackupRecord.Header h,
      ObjectNames objects,
      NameMap map,
      Path storeRoot,
      int verbose,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    RestorePlan plan =
        new RestorePlan(
            objects::selects,
            name -> under(map.mailbox(name)),
            map::user,
            partition,
            originalPartition,
            "n".equals(answer),
            dated,
            ignoreExisting,
            update,
            ignoreQuota);
    List<RestoredMailbox> done = new ArrayList<>();
    List<String> accounts = new ArrayList<>();
    long[] totals = new long[2];
    int[] failure = {0};
    Restore.Listener listener =
        new Restore.Listener() {
          @Override
          public void restored(RestoredMailbox m) {
            done.add(m);
            totals[0] += m.messages();
            totals[1] += m.bytes();
            if (m.refused() != null && !m.refused().equals("deleted")) {
              err.println("imsrestore: " + m.backedUp() + ": not restored: " + m.refused());
              if (failure[0] == 0) {
                failure[0] = ExitCodes.TEMPORARY;
              }
            } else if (verbose >= 2 && m.target() != null) {
              out.println(
                  (m.refused() != null ? "deleted " : "restored ")
                      + m.backedUp()
                      + (m.target().equals(m.backedUp()) ? "" : " as " + m.target())
                      + (m.refused() != null
                          ? ""
                          : ": " + m.messages() + " messages, " + m.bytes() + " bytes"));
            } else if (verbose >= 3) {
              out.println("skipped " + m.backedUp());
            }
            out.flush();
            err.flush();
          }

          @Override
          public void account(String userId, long events) {
            accounts.add(userId);
            if (verbose >= 3) {
              out.println("account " + userId + (events > 0 ? " restored" : " unchanged"));
            }
          }
        };
    try (Store s = root.context().openStore(storeRoot, StoreUse.WRITES)) {
      new Restore(s, root.context().author(), plan, listener).run(in, h);
    } catch (Restore.Stopped e) {
      result = report(h, false, done, accounts, totals[0], totals[1], e.mailbox());
      throw new VerbFailure(ExitCodes.DATA, file + ": " + e.getMessage());
    } catch (Rejected e) {
      result = report(h, false, done, accounts, totals[0], totals[1], null);
      throw e;
    }
    if (verbose >= 1) {
      long restored = done.stream().filter(m -> m.target() != null && m.refused() == null).count();
      out.println(
          "imsrestore: "
              + restored
              + " mailboxes, "
              + totals[0]
              + " messages, "
              + totals[1]
              + " bytes restored");
      out.flush();
    }
    if (debug) {
      err.println("imsrestore: " + in.frame() + " frames read");
    }
    result = report(h, true, done, accounts, totals[0], totals[1], null);
    return failure[0];
  }

  private String under(String name) {
    if (underPath == null) {
      return name;
    }
    var owner = MailboxNames.ownerOf(name);
    if (owner.isEmpty()) {
      return underPath + "/" + name;
    }
    String prefix = MailboxNames.USER_PREFIX + owner.get() + "/";
    return prefix + underPath + "/" + name.substring(prefix.length());
  }

  private ZoneId zone() {
    String tz = root.context().env().get("TZ");
    if (tz != null && !tz.isBlank()) {
      try {
        return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
      } catch (DateTimeException e) {
        // the JVM's zone, as date(1) falls back
      }
    }
    return ZoneId.systemDefault();
  }

  private RestoreReport report(
      BackupRecord.Header h,
      boolean complete,
      List<RestoredMailbox> mailboxes,
      List<String> accounts,
      long messages,
      long bytes,
      String stoppedIn) {
    return new RestoreReport(
        h.host(),
        h.createdMicros(),
        h.journalIndex(),
        h.sinceMicros(),
        complete,
        mailboxes,
        accounts,
        messages,
        bytes,
        stoppedIn);
  }
}
