package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.Entries;
import java.util.List;
import java.util.Optional;

/** What every change to the embedded directory checks, in one place. */
final class DirectoryRules {
  private DirectoryRules() {}

  /** The user named {@code name} ({@code uid} or {@code uid@domain}), or NOT_FOUND. */
  static DirectoryUser existingUser(ProjectionReader state, String name) {
    return state
        .directoryUser(canonicalName(name))
        .map(Entries::user)
        .orElseThrow(() -> Rejected.notFound("no such user in the directory: " + name));
  }

  /** {@code uid} or {@code uid@domain} with the domain lower-cased. */
  static String canonicalName(String name) {
    int at = name.lastIndexOf('@');
    return at < 0
        ? name
        : name.substring(0, at) + "@" + name.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Refuses {@code u} if it cannot be a store user, names a hosted domain or partition that does
   * not exist, or has an address that reaches another user: by their address or alias, or as the
   * {@code uid@domain} name of a hosted user.
   */
  static void check(DecisionContext ctx, DirectoryUser u) {
    String name = u.name();
    if (MailboxNames.problem(MailboxNames.inboxOf(name)).isPresent() || name.contains("/")) {
      throw Rejected.invalid("not a valid user id: '" + name + "'");
    }
    if (!u.domain().isEmpty() && ctx.state().directoryDomain(u.domain()).isEmpty()) {
      throw Rejected.notFound(
          "no such domain in the directory: " + u.domain() + " (create it with domain create)");
    }
    if (!u.partition().isEmpty() && !ctx.partitions().exists(u.partition())) {
      throw Rejected.notFound("no such partition: " + u.partition());
    }
    for (String a : u.addresses()) {
      Optional<String> owner = ctx.state().directoryUserOfAddress(a);
      if (owner.isEmpty() && ctx.state().directoryUser(a).isPresent()) {
        owner = Optional.of(a);
      }
      if (owner.isPresent() && !owner.get().equals(name)) {
        throw Rejected.invalid("the address " + a + " is already " + owner.get() + "'s");
      }
    }
    if (ctx.state().directoryUserOfAddress(name).filter(o -> !o.equals(name)).isPresent()) {
      throw Rejected.invalid(
          "the name "
              + name
              + " is an address of "
              + ctx.state().directoryUserOfAddress(name).get());
    }
  }

  /** The quota event that brings the quota projection's limits in line with {@code u}'s. */
  static List<Event> quotaOf(ProjectionReader state, DirectoryUser u) {
    var q = state.quota(u.name());
    if (q.limitBytes() == u.quota().bytes() && q.limitMessages() == u.quota().messages()) {
      return List.of();
    }
    return List.of(new QuotaEvent.LimitSet(u.name(), u.quota().bytes(), u.quota().messages()));
  }
}
