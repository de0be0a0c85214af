package dev.msgstore.commands.undelete;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.journal.Times;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.vault.Undeleter;
import dev.msgstore.store.vault.VaultHit;
import dev.msgstore.store.vault.VaultQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code undelete user/joe [criteria]}: lists the account's deleted messages that meet every
 * criterion given ({@link VaultQuery}) and brings the restorable ones back ({@link Undeleter}), one
 * commit per mailbox. Its {@link #result()} is an {@link UndeletedMessage} per match.
 */
@Command(
    name = "undelete",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find an account's deleted messages (expunged, purged, or in a deleted folder) and restore"
          + " them: each into the folder it was deleted from (recreated if it was deleted), or all"
          + " into --into. One commit per folder; a restored message gets a new UID and loses"
          + " \\Deleted.",
      "Searched without reading a body: From, To/Cc and Subject as recorded when the message was"
          + " appended (a message appended before msgstore recorded them matches no --from, --to"
          + " or --subject), Message-ID, dates, size, folder. A message whose body was purged"
          + " (older than store.vault.retention days) is listed as not restorable.",
      "Output: a line per match, '<folder> <uid> <date> <size> from=\"...\" subject=\"...\":"
          + " <what became of it>', then 'undelete: N restored, M not restorable'."
    })
public final class UndeleteCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Parameters(index = "0", paramLabel = "user/<userid>", description = "The account.")
  String account;

  @Option(
      names = "--from",
      paramLabel = "TEXT",
      description = "From contains TEXT (an address or a name; case ignored).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TEXT",
      description = "To or Cc contains TEXT (case ignored).")
  String to;

  @Option(
      names = "--subject",
      paramLabel = "TEXT",
      description = "Subject contains TEXT (case ignored).")
  String subject;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Arrived (internal date) at or after TIME (ISO-8601: a date, or a time).")
  String since;

  @Option(names = "--before", paramLabel = "TIME", description = "Arrived before TIME.")
  String before;

  @Option(
      names = "--deleted-since",
      paramLabel = "TIME",
      description = "Expunged (or its folder deleted) at or after TIME.")
  String deletedSince;

  @Option(
      names = "--deleted-before",
      paramLabel = "TIME",
      description = "Expunged (or its folder deleted) before TIME.")
  String deletedBefore;

  @Option(
      names = "--message-id",
      paramLabel = "ID",
      description = "Message-ID is ID (angle brackets optional).")
  String messageId;

  @Option(names = "--larger", paramLabel = "BYTES", description = "Larger than BYTES.")
  Long larger;

  @Option(names = "--smaller", paramLabel = "BYTES", description = "Smaller than BYTES.")
  Long smaller;

  @Option(
      names = "--folder",
      paramLabel = "PATTERN",
      description = "Folder within the account matches PATTERN (INBOX, Projects/*; * and %).")
  String folder;

  @Option(
      names = "--into",
      paramLabel = "FOLDER",
      description = "Restore every match into FOLDER of the account (created if missing).")
  String into;

  @Option(names = "--list", description = "Only list the matches: restore nothing.")
  boolean list;

  private List<UndeletedMessage> result;

  @Override
  public List<UndeletedMessage> result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    String user = user();
    VaultQuery query = query();
    if (into != null) {
      MailboxNames.problem(MailboxNames.USER_PREFIX + user + "/" + into)
          .ifPresent(p -> fail("--into: " + p));
    }
    CliContext ctx = root.context();
    StoreUse use = list ? StoreUse.READS : StoreUse.WRITES;
    try (Store s = ctx.openStore(store.resolve(ctx), use)) {
      Undeleter undeleter = new Undeleter(s, ctx.author());
      List<VaultHit> hits = undeleter.find(user, query);
      if (hits.isEmpty()) {
        requireKnownUser(s, user);
      }
      Map<VaultHit, Undeleter.Undeleted> done = new HashMap<>();
      if (!list) {
        for (Undeleter.Undeleted u : undeleter.restore(user, hits, into)) {
          done.put(u.hit(), u);
        }
      }
      result = new ArrayList<>(hits.size());
      String prefix = MailboxNames.USER_PREFIX + user + "/";
      for (VaultHit h : hits) {
        result.add(row(h, Optional.ofNullable(done.get(h)), prefix, s.isDryRun()));
      }
      print(ctx.out(), s.isDryRun());
    }
    return 0;
  }

  private static UndeletedMessage row(
      VaultHit h, Optional<Undeleter.Undeleted> done, String prefix, boolean dry) {
    MessageRecord m = h.message();
    String status =
        done.isPresent()
            ? dry ? "would be restored" : "restored"
            : h.restorable() ? "listed" : "not restorable";
    return new UndeletedMessage(
        h.folder(),
        h.mailboxDeleted(),
        m.uid(),
        UndeletedMessage.iso(m.internalDate()),
        UndeletedMessage.iso(h.expungedMicros() / 1000),
        m.size(),
        m.summary().from(),
        m.summary().to(),
        m.summary().subject(),
        m.messageId(),
        status,
        done.map(u -> u.mailbox().substring(prefix.length())).orElse(""),
        done.map(Undeleter.Undeleted::uid).orElse(0L));
  }

  private void print(PrintWriter out, boolean dry) {
    long restored = 0;
    long lost = 0;
    for (UndeletedMessage m : result) {
      out.println(m.line());
      restored += m.status().equals("restored") || m.status().equals("would be restored") ? 1 : 0;
      lost += m.status().equals("not restorable") ? 1 : 0;
    }
    String done = list ? "" : restored + (dry ? " would be restored, " : " restored, ");
    out.println("undelete: " + result.size() + " found, " + done + lost + " not restorable");
    out.flush();
  }

  /** The user id of {@code user/<userid>}; anything else is refused. */
  private String user() {
    return MailboxNames.accountOf(account)
        .filter(u -> MailboxNames.problem(MailboxNames.inboxOf(u)).isEmpty())
        .orElseThrow(
            () ->
                VerbFailure.usage(
                    "undelete takes an account, user/<userid>, not '" + account + "'"));
  }

  private VaultQuery query() {
    if (into != null && list) {
      fail("--into cannot be used with --list");
    }
    if (folder != null && folder.isEmpty()) {
      fail("--folder: the pattern is empty");
    }
    if (into != null && into.isEmpty()) {
      fail("--into: the folder name is empty");
    }
    if ((larger != null && larger < 0) || (smaller != null && smaller < 0)) {
      fail("--larger and --smaller take a number of bytes, 0 or more");
    }
    Long sinceMillis = millis(since, "--since");
    Long beforeMillis = millis(before, "--before");
    Long deletedSinceMillis = millis(deletedSince, "--deleted-since");
    Long deletedBeforeMillis = millis(deletedBefore, "--deleted-before");
    if (sinceMillis != null && beforeMillis != null && sinceMillis >= beforeMillis) {
      fail("--since " + since + " is not before --before " + before);
    }
    if (deletedSinceMillis != null
        && deletedBeforeMillis != null
        && deletedSinceMillis >= deletedBeforeMillis) {
      fail("--deleted-since " + deletedSince + " is not before --deleted-before " + deletedBefore);
    }
    return new VaultQuery(
        from,
        to,
        subject,
        sinceMillis,
        beforeMillis,
        deletedSinceMillis,
        deletedBeforeMillis,
        messageId,
        larger == null ? -1 : larger,
        smaller == null ? -1 : smaller,
        folder);
  }

  private static Long millis(String time, String option) {
    return time == null ? null : Times.parseMicros(time, option, false) / 1000;
  }

  private static void fail(String message) {
    throw VerbFailure.usage(message);
  }

  /** An account nothing was found for must exist (or have existed: its mail in the vault). */
  private static void requireKnownUser(Store s, String user) {
    try (ProjectionReader r = s.read()) {
      boolean[] vaulted = {false};
      r.forEachVaulted(
          user,
          v -> {
            vaulted[0] = true;
            return false;
          });
      if (r.user(user).isEmpty()
          && r.mailbox(MailboxNames.inboxOf(user)).isEmpty()
          && !vaulted[0]) {
        throw new VerbFailure(ExitCodes.NO_USER, "unknown user " + user);
      }
    }
  }
}
