package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.Json;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Subscribe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -S}: personal subscriptions, a line each as {@code <userid> <mailbox>}, of every user or
 * of the owners of the mailboxes listed in {@code -f file} (such as {@code -o} writes). {@code -n}
 * keeps those to mailboxes that do not exist; {@code -u} unsubscribes those.
 */
final class SubscriptionMode {
  /** {@code -n} and {@code -u}. */
  record Options(boolean nonExisting, boolean unsubscribe) {}

  private final Store store;
  private final Author author;

  SubscriptionMode(Store store, Author author) {
    this.store = store;
    this.author = author;
  }

  /** The subscriptions chosen: with {@code -u}, those it removed. */
  List<SubscriptionEntry> run(GivenNames owners, Options options) {
    List<Subscription> chosen = chosen(owners, options.nonExisting() || options.unsubscribe());
    if (options.unsubscribe()) {
      for (Subscription sub : chosen) {
        store.execute(author, new Subscribe(sub.user(), sub.mailbox(), false));
      }
    }
    return chosen.stream()
        .map(
            sub ->
                new SubscriptionEntry(
                    sub.user(), owners.codec().toDisplay(sub.mailbox()), options.unsubscribe()))
        .toList();
  }

  /** The line printed: {@code <userid> <mailbox>}, or with JSON an object. */
  static String line(SubscriptionEntry e, boolean json) {
    return json ? Json.line(e) : e.user() + " " + e.mailbox();
  }

  private List<Subscription> chosen(GivenNames owners, boolean nonExistingOnly) {
    List<String> users = new ArrayList<>();
    List<Subscription> chosen = new ArrayList<>();
    try (ProjectionReader r = store.read()) {
      if (owners.fromFile()) {
        Set<String> seen = new HashSet<>();
        for (String line : owners.read()) {
          String name = owners.internal(line);
          String owner =
              MailboxNames.ownerOf(name)
                  .orElseThrow(
                      () ->
                          new VerbFailure(
                              ExitCodes.DATA,
                              owners.file() + ": not a personal mailbox name: " + line));
          // An owner the directory no longer knows may still have subscriptions to list.
          if (r.user(owner).isEmpty() && r.subscriptions(owner).isEmpty()) {
            throw Mailboxes.unknownUser(owner);
          }
          if (seen.add(owner)) {
            users.add(owner);
          }
        }
      } else {
        r.forEachUser("", u -> users.add(u.userId()));
      }
      for (String u : users) {
        for (Subscription sub : r.subscriptions(u)) {
          if (nonExistingOnly && r.mailbox(sub.mailbox()).isPresent()) {
            continue;
          }
          chosen.add(sub);
        }
      }
    }
    return chosen;
  }
}
