package dev.msgstore.commands.imsasm;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.imsbackup.BackupGroups;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Store;
import dev.msgstore.store.backup.Backup;
import dev.msgstore.store.backup.BackupOutput;
import dev.msgstore.store.backup.BackupScope;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code imsasm -s}: walks the files named (mkbackupdir's tree) as NetWorker's save does, obeying
 * the {@code .nsr} directives met (unless {@code -i}), and writes a save record per mailbox file
 * (that mailbox's imsbackup stream) and per user directory (the account's record, after its
 * mailboxes as imsbackup orders them). One read view serves the whole save: the stream is one
 * consistent state of the store.
 */
final class Saver {
  record Options(
      boolean dryRun,
      boolean verbose,
      boolean byteCount,
      boolean noEnd,
      boolean ignoreDirectives,
      Path proto,
      String prefix,
      long sinceMicros,
      boolean crossDevices) {}

  private final CliContext ctx;
  private final Path storeRoot;
  private final BackupGroups groups;
  private final NameCodec codec;
  private final Options o;
  private final PrintWriter err;
  private final List<AsmReport.Entry> entries = new ArrayList<>();
  private long headerBytes;
  private long dataBytes;

  Saver(CliContext ctx, Path storeRoot, BackupGroups groups, NameCodec codec, Options o) {
    this.ctx = ctx;
    this.storeRoot = storeRoot;
    this.groups = groups;
    this.codec = codec;
    this.o = o;
    this.err = ctx.err();
  }

  private ProjectionReader view;
  private BackupTree tree;
  private Backup backup;
  private Backup.Changes changes;
  private SaveStreamOutput out;
  private FileStore startStore;

  AsmReport run(List<Path> files) throws IOException {
    Directives top = new Directives();
    if (o.proto() != null) {
      if (!Files.isRegularFile(o.proto())) {
        throw new VerbFailure(ExitCodes.NO_INPUT, "-f " + o.proto() + ": no such file");
      }
      // a proto's paths are relative to the current directory
      top.add(Directives.read(o.proto(), Path.of("").toAbsolutePath(), true));
    }
    for (Path f : files) {
      if (!Files.exists(f)) {
        throw new VerbFailure(ExitCodes.NO_INPUT, f + ": no such file or directory");
      }
    }
    boolean writes = !o.dryRun() && !o.byteCount();
    try (Store s = ctx.openStore(storeRoot, StoreUse.READS);
        ProjectionReader r = s.read()) {
      view = r;
      tree = new BackupTree(r, groups, codec);
      backup = new Backup(s, Clock.systemUTC(), null);
      changes = backup.changesSince(r, o.sinceMicros());
      OutputStream raw = writes ? new BufferedOutputStream(ctx.outBytes(), 64 * 1024) : null;
      out = writes ? new SaveStreamOutput(raw) : null;
      for (Path f : files) {
        startStore = Files.getFileStore(f);
        if (Files.isDirectory(f)) {
          walk(f, top.copy());
        } else {
          file(f, top, true);
        }
      }
      if (writes) {
        if (!o.noEnd()) {
          out.end();
        }
        raw.flush();
        headerBytes = out.headerBytes();
        dataBytes = out.dataBytes();
      }
    }
    PrintWriter text = ctx.out();
    if (o.byteCount()) {
      text.println(entries.size() + " " + headerBytes + " " + dataBytes);
    } else if (o.dryRun()) {
      entries.forEach(e -> text.println("would save " + e.name()));
    }
    text.flush();
    err.flush();
    return new AsmReport("save", entries, headerBytes, dataBytes, true, 0);
  }

  private void walk(Path dir, Directives inherited) throws IOException {
    Directives here = inherited;
    Path nsr = dir.resolve(".nsr");
    if (!o.ignoreDirectives() && Files.isRegularFile(nsr)) {
      here = inherited.copy();
      here.add(Directives.read(nsr, dir, false));
    }
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      // the INBOX first, as imsbackup orders an account: a folder recovered before it would
      // make an INBOX of its own, and the INBOX would then be a conflict
      children =
          list.sorted(
                  java.util.Comparator.comparing(
                          (Path p) -> !p.getFileName().toString().equals("INBOX"))
                      .thenComparing(java.util.Comparator.naturalOrder()))
              .toList();
    }
    for (Path c : children) {
      if (c.getFileName().toString().equals(".nsr")) {
        continue;
      }
      if (Files.isDirectory(c, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        if (!o.crossDevices() && !Files.getFileStore(c).equals(startStore)) {
          if (o.verbose()) {
            err.println("imsasm: " + c + ": another file system, not crossed (-x crosses)");
          }
          continue;
        }
        walk(c, here);
      } else if (Files.isRegularFile(c, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        file(c, here, false);
      }
    }
    // the user's directory itself: the account, after its mailboxes
    var user = tree.resolve(dir).filter(BackupTree.Target::account);
    if (user.isPresent()) {
      record(dir, user.get(), false);
    }
  }

  private void file(Path f, Directives ds, boolean named) throws IOException {
    Directives.Directive d = ds.of(f);
    if (d != null && !d.saves()) {
      if (o.verbose()) {
        err.println("imsasm: " + f + ": " + d.asm() + " (directive)");
      }
      return;
    }
    if (d == null && !named && ds.governs(f) && ds.size() > 0) {
      if (o.verbose()) {
        err.println("imsasm: " + f + ": named by no directive, not saved");
      }
      return;
    }
    var target = tree.resolve(f);
    if (target.isEmpty()) {
      if (o.verbose() || named) {
        err.println("imsasm: " + f + ": not a mailbox or user of the store, not saved");
      }
      return;
    }
    // a user's file (mkbackupdir -u) is the whole account; a folder's file its mailbox
    record(f, target.get(), target.get().account());
  }

  private void record(Path path, BackupTree.Target t, boolean whole) throws IOException {
    String name = (o.prefix() == null ? "" : o.prefix()) + path.toAbsolutePath().normalize();
    String folder = t.account() ? "" : t.folder();
    boolean incremental = o.sinceMicros() > 0 && (whole || !t.account());
    if (o.sinceMicros() > 0 && !t.account() && !changes.touched(t.mailbox().id())) {
      if (o.verbose()) {
        err.println("imsasm: " + name + ": unchanged since -t, not saved");
      }
      return;
    }
    SaveRecord r =
        new SaveRecord(
            !t.account()
                ? SaveRecord.Kind.MAILBOX
                : whole ? SaveRecord.Kind.USER : SaveRecord.Kind.ACCOUNT,
            name,
            t.user(),
            folder,
            t.depth(),
            System.currentTimeMillis() * 1000,
            incremental);
    if (o.verbose()) {
      err.println("imsasm: " + name);
      err.flush();
    }
    long bytes;
    if (out == null) {
      headerBytes += SaveStreamOutput.headerSize(r);
      bytes = t.account() ? (whole ? userBytes(t.user()) : 0) : t.mailbox().bytes();
      dataBytes += bytes;
    } else {
      long before = out.dataBytes();
      try (OutputStream data = out.begin(r);
          BackupOutput bo = new BackupOutput(data, true)) {
        String host = Author.of("", "").host();
        if (t.account() && !whole) {
          backup.writeAccount(view, t.user(), bo, host);
        } else {
          Set<String> users = whole ? Set.of(t.user()) : Set.of();
          Set<String> boxes = whole ? Set.of() : Set.of(t.mailbox().name());
          BackupScope scope =
              new BackupScope(users, boxes, o.sinceMicros(), false, List.of(r.mailbox()));
          backup.write(view, scope, changes, bo, host);
        }
      }
      bytes = out.dataBytes() - before;
    }
    entries.add(
        new AsmReport.Entry(
            name,
            r.kind().name().toLowerCase(java.util.Locale.ROOT),
            r.mailbox(),
            out == null ? "would save" : "saved",
            bytes));
  }

  private long userBytes(String user) {
    return view.mailboxes(MailboxNames.USER_PREFIX + user + "/").stream()
        .mapToLong(m -> m.bytes())
        .sum();
  }
}
