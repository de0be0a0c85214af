package dev.msgstore.commands.rehostuser;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.Store;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rehostuser} (Table 71-35): moves a user's mailboxes to the store on another host, as
 * {@link Rehost} does it. Its {@link #result()} is a {@link RehostReport}.
 */
@Command(
    name = "rehostuser",
    footer = "%nReference: Table 71-35, rehostuser Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Move a user's mailboxes to the store on another host: lock the account (mail for it is"
          + " deferred, LMTP 450 4.2.1), disconnect their sessions, stream imsbackup into the"
          + " destination's imsrestore through ssh, compare what arrived folder by folder, then"
          + " in one commit set mailHost in the directory, delete the source (not with -n) and"
          + " unlock.",
      "A failure gives the move up (the account here is whole and unlocked) and names the step."
          + " A run that was killed left the lock: run the same command again to resume it, or"
          + " --abort to give it up."
    })
public final class RehostuserCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;

  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(names = "-u", paramLabel = "userid", required = true, description = "User to move.")
  String user;

  @Option(
      names = "-d",
      paramLabel = "mailhost",
      required = true,
      description = "Destination mailhost (as ssh reaches it, and as mailHost names it).")
  String host;

  @Option(
      names = "-p",
      paramLabel = "partition",
      description = "Destination partition (default: the destination's choice).")
  String partition;

  @Option(
      names = "-c",
      paramLabel = "imsconnutil",
      description =
          "The imsconnutil to disconnect the user with (run as 'imsconnutil -k -u userid'; default:"
              + " this store's own, in process).")
  String imsconnutil;

  @Option(
      names = "-b",
      paramLabel = "imsbackup",
      description =
          "The imsbackup to write the user's backup with (run as 'imsbackup -f - userid'; default:"
              + " this store's own, in process).")
  String imsbackup;

  @Option(
      names = "-s",
      paramLabel = "ssh",
      description =
          "The ssh command line (default /usr/bin/ssh); not rsh, which loses imsrestore's exit status.")
  String ssh = "/usr/bin/ssh";

  @Option(
      names = "-r",
      paramLabel = "imsrestore",
      description =
          "The imsrestore on the destination (default: this installation's bin/imsrestore); its"
              + " imsbackup, beside it, verifies what arrived.")
  String imsrestore;

  @Option(
      names = "-e",
      description =
          "Extended availability: the user may log in and read during the move (changes still"
              + " wait for its end); sessions are disconnected when it ends.")
  boolean extended;

  @Option(names = "-n", description = "Do not remove the source mailbox.")
  boolean keepSource;

  @Option(names = "-x", description = "Move expunged (not yet purged) messages too.")
  boolean expunged;

  @Option(
      names = "-o",
      paramLabel = "iss_src",
      description = "Move the ISS index from this host (this store has none: nothing to move).")
  String issSource;

  @Option(
      names = "-t",
      paramLabel = "iss_dest",
      description = "Move the ISS index to this host (with -o and -y).")
  String issDestination;

  @Option(names = "-y", paramLabel = "ssh_user", description = "ISS ssh/scp user name.")
  String issUser;

  @Option(names = "-z", paramLabel = "src_path", description = "ISS source install path.")
  String issSourcePath;

  @Option(names = "-w", paramLabel = "dest_path", description = "ISS destination install path.")
  String issDestinationPath;

  @Option(
      names = "--abort",
      description =
          "Give up the move of the user to -d that a killed run left in progress: unlock them,"
              + " as they are here (msgstore's addition).")
  boolean abort;

  private RehostReport result;

  @Override
  public RehostReport result() {
    return result;
  }

  @Override
  public Integer call() {
    if (user.isBlank() || !user.equals(user.strip()) || user.contains("/")) {
      throw VerbFailure.usage("-u " + user + ": not a user id");
    }
    if (host.isBlank() || host.startsWith("-") || host.chars().anyMatch(Character::isWhitespace)) {
      throw VerbFailure.usage("-d " + host + ": not a host name");
    }
    if (partition != null && !partition.matches("[A-Za-z0-9_.-]+")) {
      throw VerbFailure.usage("-p " + partition + ": not a partition name");
    }
    boolean iss = issSource != null || issDestination != null || issUser != null;
    if (iss && (issSource == null || issDestination == null || issUser == null)) {
      throw VerbFailure.usage("-o, -t and -y go together (the ISS index's move)");
    }
    if (!iss && (issSourcePath != null || issDestinationPath != null)) {
      throw VerbFailure.usage("-z and -w belong to -o, -t and -y");
    }
    if (Remote.words(ssh).isEmpty()) {
      throw VerbFailure.usage("-s: an empty ssh command");
    }
    String restore = imsrestore != null ? imsrestore : defaultImsrestore();
    Rehost.backupCommandOf(restore); // -r must name an imsrestore whose imsbackup verifies
    Path storeRoot = store.resolve(root.context());
    var out = root.context().out();
    if (iss) {
      out.println(
          "no ISS index to move from "
              + issSource
              + " to "
              + issDestination
              + ": this store's search reads the messages themselves");
    }
    try (Store s = root.context().openStore(storeRoot, StoreUse.WRITES)) {
      Rehost move =
          new Rehost(
              s,
              storeRoot,
              root.context().author(),
              new Rehost.Settings(
                  user,
                  host,
                  partition,
                  imsconnutil,
                  imsbackup,
                  ssh,
                  restore,
                  extended,
                  expunged,
                  keepSource,
                  root.context().env()),
              out);
      result = abort ? move.abort() : move.run();
    }
    return 0;
  }

  /** MessagingServer_home/bin/imsrestore: beside this installation's launcher. */
  private static String defaultImsrestore() {
    String launcher = System.getProperty("msgstore.launcher");
    if (launcher == null) {
      return "imsrestore";
    }
    Path home = Path.of(launcher).toAbsolutePath().getParent();
    return home.resolve("bin").resolve("imsrestore").toString();
  }
}
