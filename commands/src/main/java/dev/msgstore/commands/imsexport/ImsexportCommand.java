package dev.msgstore.commands.imsexport;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imsexport} (Table 71-22): a user's folders into UNIX mailbox files under a directory. The
 * folder state goes into the headers UW imapd and Dovecot read back ({@code X-IMAPbase}, {@code
 * X-UID}, {@code Status}, {@code X-Status}, {@code X-Keywords}); {@code From } lines of a body are
 * quoted as the format wants: Solaris (the default) and SYSV by {@code Content-Length} and not
 * quoted, BSD ({@code >From }, mboxo) and RN ({@code >} before any {@code >*From }, mboxrd).
 */
@Command(
    name = "imsexport",
    footer = "%nReference: Table 71-22, imsexport Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Export a user's folders to UNIX mailbox files: DIR/INBOX, DIR/folder; a folder with"
          + " subfolders becomes DIR/folder.msg and the directory DIR/folder."
    })
public final class ImsexportCommand implements Callable<Integer>, ResultVerb {
  enum Format {
    SOLARIS,
    SYSV,
    BSD,
    RN
  }

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption output;

  @Option(names = "-u", paramLabel = "user", required = true, description = "User name.")
  String user;

  @Option(names = "-d", paramLabel = "dir", required = true, description = "Destination directory.")
  Path dir;

  @Option(
      names = "-s",
      paramLabel = "folder",
      description = "Source folder (and its subfolders); default all.")
  String folder;

  @Option(
      names = "-f",
      paramLabel = "format",
      description = "BSD, SYSV or RN (default Solaris: Content-Length).")
  String format;

  @Option(
      names = "-e",
      paramLabel = "encoding",
      description = "Mailbox name encoding of -s and of the file names.")
  String encoding;

  @Option(names = "-g", description = "Debug mode: a line per message on stderr.")
  boolean debug;

  @Option(names = "-v", paramLabel = "mode", description = "Verbose mode, 0-2 (default 2).")
  Integer verbosity;

  private List<ExportedFolder> result;

  @Override
  public List<ExportedFolder> result() {
    return result;
  }

  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  @Override
  public Integer call() throws IOException {
    int verbose = verbosity == null ? 2 : verbosity;
    if (verbose < 0 || verbose > 2) {
      throw VerbFailure.usage("-v: a mode from 0 to 2");
    }
    Format f;
    try {
      f = format == null ? Format.SOLARIS : Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw VerbFailure.usage("-f " + format + ": BSD, SYSV or RN (default Solaris)");
    }
    NameCodec codec = NameCodec.of(encoding);
    String prefix = MailboxNames.USER_PREFIX + user + "/";
    ZoneId zone = dev.msgstore.commands.imsimport.ImsimportCommand.zone(root.context().env());
    PrintWriter out = root.context().out();
    List<ExportedFolder> done = new ArrayList<>();
    try (Store s = root.context().openStore(store.resolve(root.context()), StoreUse.READS);
        ProjectionReader r = s.read()) {
      List<MailboxRecord> boxes = r.mailboxes(prefix);
      if (folder != null) {
        String only = MailboxNames.canonical(prefix + codec.toInternal(folder));
        boxes =
            boxes.stream()
                .filter(m -> m.name().equals(only) || m.name().startsWith(only + "/"))
                .toList();
      }
      if (boxes.isEmpty()) {
        throw new VerbFailure(
            ExitCodes.NO_INPUT,
            "no such " + (folder != null ? "folder: " + folder : "user: " + user));
      }
      TreeSet<String> names = new TreeSet<>();
      r.mailboxes(prefix).forEach(m -> names.add(m.name()));
      Files.createDirectories(dir);
      for (MailboxRecord m : boxes) {
        String rel = codec.toDisplay(m.name().substring(prefix.length()));
        boolean parent =
            names.higher(m.name() + "/") != null
                    && names.higher(m.name() + "/").startsWith(m.name() + "/")
                || names.contains(m.name() + "/");
        Path file = dir.resolve(rel + (parent ? ".msg" : ""));
        if (parent) {
          Files.createDirectories(dir.resolve(rel));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        long[] c = write(s, r, m, file, f, zone);
        done.add(new ExportedFolder(m.name(), file.toString(), c[0], c[1]));
        if (verbose >= 2) {
          out.println("imsexport: " + m.name() + " -> " + file + " (" + c[0] + " messages)");
        }
      }
    }
    result = done;
    if (verbose >= 1) {
      out.println("imsexport: " + done.size() + " folders of " + user + " in " + dir);
    }
    return 0;
  }

  private long[] write(
      Store s, ProjectionReader r, MailboxRecord m, Path file, Format f, ZoneId zone)
      throws IOException {
    List<MessageRecord> messages = r.messages(m.id());
    TreeSet<String> keywords = new TreeSet<>();
    messages.forEach(x -> keywords.addAll(x.keywords()));
    long bytes = 0;
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
      boolean first = true;
      for (MessageRecord msg : messages) {
        byte[] content;
        try (InputStream in = s.openMessage(m, msg)) {
          content = null;
          bytes += message(o, in, msg, m, first ? keywords : null, f, zone);
        }
        first = false;
        if (debug) {
          root.context().err().println("imsexport: " + m.name() + " UID " + msg.uid());
        }
      }
    }
    return new long[] {messages.size(), bytes};
  }

  /** One message: From line, its header, the state headers, the body quoted as {@code f} wants. */
  private long message(
      OutputStream o,
      InputStream in,
      MessageRecord msg,
      MailboxRecord m,
      TreeSet<String> base,
      Format f,
      ZoneId zone)
      throws IOException {
    // the header block (bounded: the store read it within its scan limit), then the body streamed
    byte[] head = in.readNBytes(msg.headerSize());
    int end = head.length;
    String eol = "\n";
    if (end >= 2
        && head[end - 1] == '\n'
        && head[end - 2] == '\r'
        && end >= 4
        && head[end - 3] == '\n') {
      end -= 2;
      eol = "\r\n";
    } else if (end >= 1 && head[end - 1] == '\n' && end >= 2 && head[end - 2] == '\n') {
      end -= 1;
    } else if (end >= 4
        && head[end - 1] == '\n'
        && head[end - 2] == '\r'
        && head[end - 3] == '\n'
        && head[end - 4] == '\r') {
      end -= 2;
      eol = "\r\n";
    }
    String date = ASCTIME.format(Instant.ofEpochMilli(msg.internalDate()).atZone(zone));
    write(o, "From MAILER-DAEMON " + date + "\n");
    o.write(head, 0, end);
    StringBuilder state = new StringBuilder();
    if (base != null) {
      state.append("X-IMAPbase: ").append(m.uidValidity()).append(' ').append(m.uidNext() - 1);
      base.forEach(k -> state.append(' ').append(k));
      state.append(eol);
    }
    state.append("X-UID: ").append(msg.uid()).append(eol);
    state.append("Status: ").append(msg.flags().contains(SystemFlag.SEEN) ? "RO" : "O").append(eol);
    StringBuilder x = new StringBuilder();
    if (msg.flags().contains(SystemFlag.ANSWERED)) x.append('A');
    if (msg.flags().contains(SystemFlag.FLAGGED)) x.append('F');
    if (msg.flags().contains(SystemFlag.DRAFT)) x.append('T');
    if (msg.flags().contains(SystemFlag.DELETED)) x.append('D');
    state.append("X-Status: ").append(x).append(eol);
    state.append("X-Keywords: ").append(String.join(" ", msg.keywords())).append(eol);
    long bodyLength = msg.size() - head.length;
    if (f == Format.SOLARIS || f == Format.SYSV) {
      state.append("Content-Length: ").append(bodyLength).append(eol);
    }
    write(o, state.toString());
    o.write(head, end, head.length - end);
    boolean lastNewline = head.length > 0 && head[head.length - 1] == '\n';
    if (f == Format.SOLARIS || f == Format.SYSV) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        o.write(buf, 0, n);
        lastNewline = buf[n - 1] == '\n';
      }
    } else {
      lastNewline = quoted(o, in, f, lastNewline);
    }
    if (!lastNewline) {
      o.write('\n');
    }
    o.write('\n'); // the blank line before the next From line
    return msg.size();
  }

  /** The body line by line, a {@code From } line quoted ({@code >*From } too for RN). */
  private static boolean quoted(OutputStream o, InputStream in, Format f, boolean atLineStart)
      throws IOException {
    byte[] buf = new byte[64 * 1024];
    byte[] line = new byte[64];
    int held = 0; // bytes of a line start held to decide about quoting
    boolean start = true;
    boolean last = atLineStart;
    for (int n; (n = in.read(buf)) > 0; ) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (start) {
          if (held < line.length) {
            line[held++] = b;
          }
          if (b == '\n' || !prefixMayQuote(line, held, f) || held == line.length) {
            if (needsQuote(line, held, f)) {
              o.write('>');
            }
            o.write(line, 0, held);
            held = 0;
            start = b == '\n';
          }
        } else {
          o.write(b);
          start = b == '\n';
        }
        last = b == '\n';
      }
    }
    if (held > 0) {
      if (needsQuote(line, held, f)) {
        o.write('>');
      }
      o.write(line, 0, held);
    }
    return last;
  }

  private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);

  /** Whether the line start so far could still become a line to quote. */
  private static boolean prefixMayQuote(byte[] l, int n, Format f) {
    int i = 0;
    if (f == Format.RN) {
      while (i < n && l[i] == '>') {
        i++;
      }
    }
    for (int k = 0; i < n; i++, k++) {
      if (k >= FROM.length || l[i] != FROM[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean needsQuote(byte[] l, int n, Format f) {
    int i = 0;
    if (f == Format.RN) {
      while (i < n && l[i] == '>') {
        i++;
      }
    }
    if (n - i < FROM.length) {
      return false;
    }
    for (int k = 0; k < FROM.length; k++) {
      if (l[i + k] != FROM[k]) {
        return false;
      }
    }
    return true;
  }

  private static void write(OutputStream o, String s) throws IOException {
    o.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
