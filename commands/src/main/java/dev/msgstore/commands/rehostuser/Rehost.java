package dev.msgstore.commands.rehostuser;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.UserMove;
import dev.msgstore.store.Store;
import dev.msgstore.store.backup.Backup;
import dev.msgstore.store.backup.BackupInput;
import dev.msgstore.store.backup.BackupOutput;
import dev.msgstore.store.backup.BackupScope;
import dev.msgstore.store.command.EndMove;
import dev.msgstore.store.command.RequestDisconnect;
import dev.msgstore.store.command.StartMove;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryUser;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of a move of one user's mailboxes to another store host (rehostuser), in order: check,
 * lock (a journal fact: {@link StartMove}), disconnect, copy (this store's backup streamed into the
 * destination's imsrestore), verify (the destination's backup of what it holds, compared folder by
 * folder with this store's), and one commit that updates the directory's mailHost, deletes the
 * source (unless -n) and unlocks ({@link EndMove}).
 *
 * <p>A failure after the lock gives the move up ({@link EndMove#abandoned}): the account here was
 * never changed, and is unlocked. A run killed at any step leaves the lock; running the same move
 * again resumes it from the copy, which skips the mailboxes that already arrived whole (imsrestore
 * commits each mailbox alone, and nothing here changed meanwhile), then verifies everything.
 */
final class Rehost {
  /** The steps, as a failure names them. */
  enum Step {
    CHECK("check"),
    LOCK("lock"),
    DISCONNECT("disconnect"),
    COPY("copy"),
    VERIFY("verify"),
    COMMIT("directory update and unlock");

    final String word;

    Step(String word) {
      this.word = word;
    }
  }

  /** What to move where, and the commands to do it with (null: this store's own, in process). */
  record Settings(
      String user,
      String host,
      String partition,
      String imsconnutil,
      String imsbackup,
      String ssh,
      String imsrestore,
      boolean extended,
      boolean expunged,
      boolean keepSource,
      Map<String, String> env) {}

  /** The version of docs/BACKUP-STREAM.md that this build writes, for the report's header. */
  private static final int STREAM_VERSION = 1;

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Store store;
  private final Path root;
  private final Author author;
  private final Settings s;
  private final PrintWriter out;
  private Step step = Step.CHECK;

  Rehost(Store store, Path root, Author author, Settings settings, PrintWriter out) {
    this.store = store;
    this.root = root;
    this.author = author;
    this.s = settings;
    this.out = out;
  }

  /** Moves the user; a failure is a {@link VerbFailure} naming the step, the account unlocked. */
  RehostReport run() {
    Optional<UserMove> move;
    try (ProjectionReader r = store.read()) {
      move = r.userMove(s.user());
      if (move.isPresent() && !move.get().inProgress()) {
        if (move.get().host().equals(s.host())) {
          out.println("user " + s.user() + " has moved to " + s.host() + " already");
          out.flush();
          return report("already moved", false, List.of(), 0, false);
        }
        throw new VerbFailure(
            ExitCodes.DATA, move.get().reason() + ": there is nothing here to move");
      }
      if (move.isPresent() && !move.get().host().equals(s.host())) {
        throw new VerbFailure(
            ExitCodes.TEMPORARY,
            ""
                + move.get().reason()
                + ": finish that move (-d "
                + move.get().host()
                + ") or give it up (--abort -d "
                + move.get().host()
                + ") first");
      }
      if (move.isEmpty()
          && r.mailbox(MailboxNames.inboxOf(s.user())).isEmpty()
          && r.user(s.user()).isEmpty()) {
        throw new VerbFailure(ExitCodes.NO_USER, "no such user in this store: " + s.user());
      }
    }
    String entry = directoryEntry();
    step = Step.LOCK;
    boolean resumed =
        store
            .execute(
                author,
                new StartMove(
                    s.user(), s.host(), s.partition() == null ? "" : s.partition(), s.extended()))
            .events()
            .isEmpty();
    if (resumed) {
      out.println(
          "resuming the move of "
              + s.user()
              + " to "
              + s.host()
              + " (locked since "
              + DATE.format(Instant.EPOCH.plusNanos(move.orElseThrow().sinceMicros() * 1000))
              + ")");
    }
    try {
      if (!s.extended()) {
        step = Step.DISCONNECT;
        disconnect();
      }
      step = Step.COPY;
      copy();
      step = Step.VERIFY;
      Manifest there = verify();
      out.println("Mailbox " + s.user() + " copied successfully.");
      out.flush();
      step = Step.COMMIT;
      store.execute(author, EndMove.done(s.user(), s.host(), s.keepSource(), s.partition()));
      out.println(
          "Updated directory entry for "
              + entry
              + ": mailHost "
              + s.host()
              + (s.partition() == null ? "" : ", mailMessageStore " + s.partition()));
      out.println(
          s.keepSource() ? "Source mailbox kept (-n)." : "Source mailbox deleted successfully.");
      out.flush();
      if (s.extended()) {
        // -e left their sessions open through the move: they now read a host that is not theirs
        store.execute(author, new RequestDisconnect(List.of(s.user()), "*"));
      }
      return report(
          "moved",
          resumed,
          List.copyOf(there.folders().keySet()),
          there.messages(),
          !s.keepSource());
    } catch (StepFailed f) {
      throw giveUp(f.step(), f.exitCode(), f.getMessage());
    } catch (RuntimeException e) {
      throw giveUp(step, ExitCodes.of(e), String.valueOf(e.getMessage()));
    }
  }

  /** rehostuser --abort: the move in progress is given up, the account here unlocked. */
  RehostReport abort() {
    store.execute(author, EndMove.abandoned(s.user(), s.host(), "given up by rehostuser --abort"));
    out.println(
        "the move of "
            + s.user()
            + " to "
            + s.host()
            + " is given up: "
            + s.user()
            + " is whole on this store and unlocked");
    out.flush();
    return report("abandoned", false, List.of(), 0, false);
  }

  /**
   * The directory entry whose mailHost the move changes, as the report names it; checked before
   * anything is locked (the reference checks its write access at startup).
   */
  private String directoryEntry() {
    try (Directory d = Directories.open(store)) {
      if (!d.writable()) {
        throw new VerbFailure(
            ExitCodes.PERMISSION,
            "the directory ("
                + d.describe()
                + ") is not written from this store: set mailHost there, or use the embedded"
                + " directory");
      }
      DirectoryUser u =
          d.user(s.user())
              .orElseThrow(
                  () ->
                      new VerbFailure(
                          ExitCodes.NO_USER,
                          ""
                              + s.user()
                              + " has no directory entry, so no mailHost to change ("
                              + d.describe()
                              + ")"));
      return "uid=" + u.uid() + (u.domain().isEmpty() ? "" : ", domain " + u.domain());
    }
  }

  private void disconnect() throws StepFailed {
    out.println("disconnecting " + s.user());
    out.flush();
    if (s.imsconnutil() == null) {
      store.execute(author, new RequestDisconnect(List.of(s.user()), "*"));
      return;
    }
    List<String> argv = Remote.local(s.imsconnutil(), "-k", "-u", s.user());
    try (Remote.Run run = Remote.start(argv, root, s.env(), s.imsconnutil())) {
      run.noInput();
      run.lines(l -> {});
      int code = run.exit();
      if (code != 0) {
        throw failed(Step.DISCONNECT, ExitCodes.UNAVAILABLE, run, code);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed(Step.DISCONNECT, ExitCodes.SOFTWARE, "interrupted");
    }
  }

  private void copy() throws StepFailed {
    out.println("--------------------------------------------");
    out.println("Tape Version : " + STREAM_VERSION);
    out.println("Backup Date : " + DATE.format(Instant.now()));
    out.println("Message Store : " + Author.of("", "").host());
    out.println("Block factor : 20");
    out.println("--------------------------------------------");
    out.flush();
    String restore =
        s.imsrestore() + " -f - -c n -v 3" + (s.partition() == null ? "" : " -P " + s.partition());
    List<String> argv = Remote.viaSsh(s.ssh(), s.host(), restore);
    try (Remote.Run run =
        Remote.start(
            argv, root, s.env(), "imsrestore on " + s.host() + " (" + s.imsrestore() + ")")) {
      Thread said = run.lines(this::restoring);
      String broken = null;
      try (OutputStream to = new BufferedOutputStream(run.stdin(), 64 * 1024)) {
        broken = send(to);
      } catch (IOException e) {
        broken = e.getMessage(); // the destination stopped reading: its exit status says why
      }
      int code = run.exit();
      said.join();
      if (code != 0) {
        throw failed(Step.COPY, ExitCodes.UNAVAILABLE, run, code);
      }
      if (broken != null) {
        throw new StepFailed(
            Step.COPY, ExitCodes.IO, "the stream to " + s.host() + " broke: " + broken);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed(Step.COPY, ExitCodes.SOFTWARE, "interrupted");
    }
  }

  /** Writes the backup of the user to {@code to}; a failure of the local -b command, or null. */
  private String send(OutputStream to) throws IOException, InterruptedException, StepFailed {
    if (s.imsbackup() == null) {
      try (ProjectionReader view = store.read();
          BackupOutput o = new BackupOutput(to, true)) {
        new Backup(store, Clock.systemUTC(), null)
            .write(
                view,
                new BackupScope(
                    java.util.Set.of(s.user()),
                    java.util.Set.of(),
                    0,
                    s.expunged(),
                    List.of(s.user())),
                o,
                Author.of("", "").host());
      }
      return null;
    }
    List<String> argv =
        s.expunged()
            ? Remote.local(s.imsbackup(), "-f", "-", "-x", s.user())
            : Remote.local(s.imsbackup(), "-f", "-", s.user());
    try (Remote.Run backup = Remote.start(argv, root, s.env(), s.imsbackup())) {
      backup.noInput();
      backup.stdout().transferTo(to);
      int code = backup.exit();
      if (code != 0) {
        throw failed(Step.COPY, ExitCodes.UNAVAILABLE, backup, code);
      }
    }
    return null;
  }

  /** A line of the destination's imsrestore (-v 3), as the reference's report shows it. */
  private void restoring(String line) {
    String name = null;
    String what = null;
    if (line.startsWith("restored ")) {
      int colon = line.indexOf(": ");
      name = line.substring("restored ".length(), colon < 0 ? line.length() : colon);
      what = " restoring...";
    } else if (line.startsWith("skipped ")) {
      name = line.substring("skipped ".length());
      what = " there already";
    }
    if (name != null) {
      String p = s.partition() == null ? store.partitionOf(name) : s.partition();
      synchronized (out) {
        out.println("/" + p + "/" + name + what);
        out.flush();
      }
    }
  }

  /** The destination's backup of the user, compared with this store's account folder by folder. */
  private Manifest verify() throws StepFailed {
    String backup =
        backupCommandOf(s.imsrestore()) + " -f - " + (s.expunged() ? "-x " : "") + s.user();
    List<String> argv = Remote.viaSsh(s.ssh(), s.host(), backup);
    Manifest there;
    try (Remote.Run run =
        Remote.start(argv, root, s.env(), "imsbackup on " + s.host() + " (" + backup + ")")) {
      run.noInput();
      try (BackupInput in = BackupInput.open(run.stdout())) {
        there = Manifest.of(in, s.user());
      } catch (IOException e) {
        int code = run.exit();
        if (code != 0) {
          throw failed(Step.VERIFY, ExitCodes.UNAVAILABLE, run, code);
        }
        throw new StepFailed(
            Step.VERIFY,
            ExitCodes.DATA,
            "the destination's backup of " + s.user() + ": " + e.getMessage());
      }
      int code = run.exit();
      if (code != 0) {
        throw failed(Step.VERIFY, ExitCodes.UNAVAILABLE, run, code);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed(Step.VERIFY, ExitCodes.SOFTWARE, "interrupted");
    }
    Manifest here;
    try (ProjectionReader r = store.read()) {
      here = Manifest.of(r, s.user(), s.expunged());
    }
    List<String> differences = here.differences(there);
    if (!differences.isEmpty()) {
      throw new StepFailed(
          Step.VERIFY,
          ExitCodes.DATA,
          "what arrived on "
              + s.host()
              + " differs: "
              + differences.get(0)
              + (differences.size() > 1 ? " (and " + (differences.size() - 1) + " more)" : ""));
    }
    return there;
  }

  /**
   * The destination's imsbackup, beside its imsrestore (the reference keeps both in
   * MessagingServer_home/bin): the last "imsrestore" of -r's command line becomes "imsbackup".
   */
  static String backupCommandOf(String imsrestore) {
    int at = imsrestore.lastIndexOf("imsrestore");
    if (at < 0) {
      throw new VerbFailure(
          ExitCodes.USAGE,
          "-r " + imsrestore + ": not an imsrestore command (its imsbackup is needed too)");
    }
    return imsrestore.substring(0, at)
        + "imsbackup"
        + imsrestore.substring(at + "imsrestore".length());
  }

  private StepFailed failed(Step at, int exitCode, Remote.Run run, int code) {
    String why = run.lastError();
    return new StepFailed(
        at, exitCode, run.what() + " exited " + code + (why.isEmpty() ? "" : ": " + why));
  }

  /** Gives the move up after a failure at {@code at}: the account here unlocked, as it was. */
  private VerbFailure giveUp(Step at, int exitCode, String why) {
    String state;
    try {
      store.execute(author, EndMove.abandoned(s.user(), s.host(), at.word + ": " + why));
      state = s.user() + " is whole on this store and unlocked";
    } catch (RuntimeException e) {
      state =
          s.user()
              + " is whole on this store but still locked ("
              + e.getMessage()
              + "): run rehostuser -u "
              + s.user()
              + " -d "
              + s.host()
              + " --abort";
    }
    return new VerbFailure(
        exitCode,
        "moving "
            + s.user()
            + " to "
            + s.host()
            + " failed at step "
            + at.word
            + ": "
            + why
            + "; "
            + state
            + (at.ordinal() >= Step.COPY.ordinal()
                ? " (what reached " + s.host() + " stays there)"
                : ""));
  }

  private RehostReport report(
      String outcome, boolean resumed, List<String> folders, long messages, boolean deleted) {
    return new RehostReport(
        s.user(), s.host(), s.partition(), outcome, resumed, folders, messages, deleted);
  }
}
