package dev.msgstore.commands.imsimport;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.MessageHeaders;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.RestoreMailbox;
import dev.msgstore.store.command.Subscribe;
import dev.msgstore.store.directory.AccountCreation;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryUnavailable;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imsimport} (Tables 71-23, 71-24): a UNIX mailbox into a user's folder, as one commit
 * ({@link RestoreMailbox}): into a new folder the UIDVALIDITY and UIDs of {@code X-IMAPbase} and
 * {@code X-UID} are kept (when every message has an ascending one), flags and keywords come from
 * {@code Status}, {@code X-Status} and {@code X-Keywords}; quota is bypassed as the reference says.
 */
@Command(
    name = "imsimport",
    footer = "%nReference: Tables 71-23 and 71-24, imsimport.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Import a UNIX mailbox (mbox: UW imapd, Dovecot, mutt, Solaris) into a user's folder.",
      "A file that is not an mbox is refused in one line and nothing is imported.",
      "A user the store has no account for is created only when the directory has them and"
          + " their entry and domain are not deleted or removed (on the partition it gives)."
    })
public final class ImsimportCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(names = "-u", paramLabel = "user", required = true, description = "User name.")
  String user;

  @Option(
      names = "-s",
      paramLabel = "file",
      required = true,
      description = "/var/mail source file.")
  Path source;

  @Option(
      names = "-d",
      paramLabel = "mailbox",
      description = "Destination folder (default: the file's name; INBOX for the user's own).")
  String folder;

  @Option(names = "-b", description = "Subscribe the destination mailbox.")
  boolean subscribe;

  @Option(
      names = "-c",
      paramLabel = "y|n",
      description = "When the folder exists: y appends to it, n skips the file.")
  String answer;

  @Option(
      names = "-n",
      description = "If the folder exists, import into a new one with a date extension.")
  boolean dated;

  @Option(names = "-e", paramLabel = "encoding", description = "Mailbox name encoding.")
  String encoding;

  @Option(names = "-i", description = "Ignore Content-Length (split at From lines only).")
  boolean ignoreContentLength;

  @Option(names = "-g", description = "Debug mode: a line per message on stderr.")
  boolean debug;

  @Option(names = "-v", paramLabel = "mode", description = "Verbose mode, 0-2 (default 2).")
  Integer verbosity;

  @Option(
      names = "-N",
      description =
          "Generate event notifications (every commit is a journal event that sessions and tails see).")
  boolean notify;

  private ImportReport result;

  @Override
  public ImportReport result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    int verbose = verbosity == null ? 2 : verbosity;
    if (verbose < 0 || verbose > 2) {
      throw VerbFailure.usage("-v: a mode from 0 to 2");
    }
    if (answer != null && !answer.equals("y") && !answer.equals("n")) {
      throw VerbFailure.usage("-c: y or n");
    }
    NameCodec codec = NameCodec.of(encoding);
    String name = folder != null ? codec.toInternal(folder) : defaultFolder();
    String mailbox = MailboxNames.canonical(MailboxNames.USER_PREFIX + user + "/" + name);
    MailboxNames.problem(mailbox)
        .ifPresent(
            p -> {
              throw VerbFailure.usage(mailbox + ": " + p);
            });
    PrintWriter out = root.context().out();
    PrintWriter err = root.context().err();
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(source), 64 * 1024);
    } catch (NoSuchFileException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + source + ": no such file");
    }
    ZoneId zone = zone(root.context().env());
    try (MboxReader mbox = open(raw, zone);
        Store s = root.context().openStore(store.resolve(root.context()), StoreUse.WRITES)) {
      String target = mailbox;
      MailboxRecord existing;
      String partition = null;
      try (ProjectionReader r = s.read()) {
        existing = r.mailbox(target).orElse(null);
        if (r.user(user).isEmpty()
            && r.mailboxes(MailboxNames.USER_PREFIX + user + "/").isEmpty()) {
          partition = newAccount(s);
        }
        if (existing != null && "n".equals(answer)) {
          result = new ImportReport(source.toString(), null, 0, 0, existing.uidValidity(), false);
          if (verbose >= 1) {
            out.println("imsimport: " + target + " exists: " + source + " skipped");
          }
          return 0;
        }
        if (existing != null && dated) {
          String base = target + "-" + LocalDate.now(zone).format(DateTimeFormatter.BASIC_ISO_DATE);
          target = base;
          for (int n = 2; r.mailbox(target).isPresent(); n++) {
            target = base + "-" + n;
          }
          existing = null;
        }
      }
      BodyStore bodies = s.bodies(s.partitionOf(target));
      List<RestoreMailbox.Item> items = new ArrayList<>();
      List<StagedBody> staged = new ArrayList<>();
      long bytes = 0;
      boolean ascending = true;
      long last = 0;
      try {
        for (MboxReader.Message m = mbox.next(); m != null; m = mbox.next()) {
          // LF line ends (the mbox file's) become CRLF (the message's own: see CrlfInputStream)
          byte[] header = CrlfInputStream.convert(m.header());
          MessageHeaders h = MessageHeaders.scan(header, header.length);
          StagedBody b =
              bodies.stage(
                  new CrlfInputStream(
                      new SequenceInputStream(new ByteArrayInputStream(m.header()), m.body())));
          staged.add(b);
          ascending &= m.uid() > last;
          last = Math.max(last, m.uid());
          items.add(
              new RestoreMailbox.Item(
                  m.uid(),
                  b.body().digest(),
                  b.body().size(),
                  h.headerSize(),
                  m.internalDate() > 0 ? m.internalDate() : System.currentTimeMillis(),
                  h.sentDate(),
                  m.flags(),
                  m.keywords().stream().filter(ImsimportCommand::atom).toList(),
                  h.messageId() == null ? "" : h.messageId(),
                  false,
                  true));
          bytes += b.body().size();
          if (debug) {
            err.println(
                "imsimport: message "
                    + items.size()
                    + ", X-UID "
                    + m.uid()
                    + ", "
                    + b.body().size()
                    + " bytes");
          }
        }
      } catch (MboxReader.NotAnMbox e) {
        throw new VerbFailure(
            ExitCodes.DATA,
            source
                + ": not an mbox: "
                + e.getMessage()
                + " (after "
                + items.size()
                + " messages; nothing imported)");
      }
      MboxReader.Base base = mbox.base();
      boolean keep = ascending && !items.isEmpty() && existing == null;
      long validity =
          base != null && base.uidValidity() > 0
              ? base.uidValidity()
              : System.currentTimeMillis() / 1000;
      if (!keep) {
        List<RestoreMailbox.Item> numbered = new ArrayList<>();
        long uid = 1;
        for (RestoreMailbox.Item i : items) {
          numbered.add(
              new RestoreMailbox.Item(
                  uid++,
                  i.digest(),
                  i.size(),
                  i.headerSize(),
                  i.internalDate(),
                  i.sentDate(),
                  i.flags(),
                  i.keywords(),
                  i.messageId(),
                  false,
                  true));
        }
        items = numbered;
        last = uid - 1;
      }
      long uidNext = keep && base != null ? Math.max(base.lastUid(), last) + 1 : last + 1;
      var placeholder = (dev.msgstore.journal.body.Digest) null;
      if (uidNext > last + 1) {
        StagedBody empty = bodies.stage(InputStream.nullInputStream());
        staged.add(empty);
        placeholder = empty.body().digest();
      }
      Outcome o =
          s.execute(
              root.context().author(),
              new RestoreMailbox(
                  target,
                  partition,
                  validity,
                  uidNext,
                  Map.of(),
                  items,
                  RestoreMailbox.Mode.MERGE,
                  true,
                  false,
                  true,
                  false,
                  placeholder),
              staged);
      if (subscribe) {
        s.execute(root.context().author(), new Subscribe(user, target, true));
      }
      long appended =
          o.eventsOf(MessageEvent.Appended.class).stream().filter(a -> a.size() > 0).count();
      try (ProjectionReader r = s.read()) {
        long v = r.mailbox(target).map(MailboxRecord::uidValidity).orElse(validity);
        result = new ImportReport(source.toString(), target, items.size(), bytes, v, keep);
      }
      if (verbose >= 1) {
        out.println(
            "imsimport: "
                + items.size()
                + " messages ("
                + bytes
                + " bytes) from "
                + source
                + " into "
                + target
                + (keep ? ", UIDs kept" : ""));
      }
      if (verbose >= 2 && appended != items.size()) {
        out.println("imsimport: " + appended + " appended");
      }
    }
    return 0;
  }

  /**
   * A user the store has no account for is created only when the directory allows it ({@link
   * AccountCreation}): the partition it gives, or null for the store's choice.
   */
  private String newAccount(Store s) {
    AccountCreation.Verdict v;
    try (Directory d = Directories.open(s)) {
      v = AccountCreation.forUser(d, user);
    } catch (DirectoryUnavailable e) {
      throw new VerbFailure(
          ExitCodes.UNAVAILABLE,
          "the directory cannot be asked whether to create " + user + ": " + e.getMessage());
    }
    return switch (v) {
      case AccountCreation.Allowed a -> a.partition().orElse(null);
      case AccountCreation.Refused r ->
          throw new VerbFailure(
              ExitCodes.NO_USER,
              "no account "
                  + user
                  + " here and the directory does not allow one: "
                  + r.why()
                  + "; nothing imported");
    };
  }

  private MboxReader open(InputStream raw, ZoneId zone) throws IOException {
    try {
      return new MboxReader(raw, ignoreContentLength, zone);
    } catch (MboxReader.NotAnMbox e) {
      raw.close();
      throw new VerbFailure(ExitCodes.DATA, source + ": not an mbox: " + e.getMessage());
    }
  }

  private String defaultFolder() {
    String file = source.getFileName().toString();
    return file.equals(user) || file.equalsIgnoreCase("INBOX") ? "INBOX" : file;
  }

  static boolean atom(String k) {
    if (k.isEmpty() || k.startsWith("\\")) {
      return false;
    }
    for (char c : k.toCharArray()) {
      if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  public static ZoneId zone(Map<String, String> env) {
    String tz = env.get("TZ");
    if (tz != null && !tz.isBlank()) {
      try {
        return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
      } catch (DateTimeException e) {
        // the JVM's zone, as date(1) falls back
      }
    }
    return ZoneId.systemDefault();
  }
}
