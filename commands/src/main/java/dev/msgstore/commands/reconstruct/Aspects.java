package dev.msgstore.commands.reconstruct;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.projections.model.Subscription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The checks of -q, -s and -l against the live cache: -q and -l return one line per problem, -s the
 * subscriptions at fault.
 */
final class Aspects {
  private Aspects() {}

  /**
   * -q: the usage of every quota root with a mailbox in {@code scope}, recomputed from its
   * messages, against the quota projection. A root counts all its mailboxes, whichever partition
   * they are on: a user's INBOX may be on one partition and folders on another.
   */
  static List<String> quotas(ProjectionReader r, Predicate<MailboxRecord> scope) {
    Map<String, long[]> usage = new TreeMap<>(); // root -> {bytes, messages}
    Set<String> inScope = new HashSet<>();
    r.forEachMailbox(
        "",
        m -> {
          if (m.owner().isPresent()) {
            if (scope.test(m)) {
              inScope.add(m.owner().get());
            }
            long[] u = usage.computeIfAbsent(m.owner().get(), k -> new long[2]);
            r.forEachMessage(
                m.id(),
                0,
                msg -> {
                  u[0] += msg.size();
                  u[1]++;
                  return true;
                });
          }
          return true;
        });
    List<String> out = new ArrayList<>();
    usage.forEach(
        (root, u) -> {
          QuotaRecord q = r.quota(root);
          if (inScope.contains(root) && (q.usedBytes() != u[0] || q.usedMessages() != u[1])) {
            out.add(
                "quota root "
                    + root
                    + ": recorded "
                    + q.usedBytes()
                    + " bytes, "
                    + q.usedMessages()
                    + " messages; its messages hold "
                    + u[0]
                    + " bytes, "
                    + u[1]
                    + " messages");
          }
        });
    return out;
  }

  /** -s: subscriptions (of every user and mailbox owner) to mailboxes that do not exist. */
  static List<Subscription> subscriptions(ProjectionReader r) {
    TreeSet<String> users = new TreeSet<>();
    r.forEachUser("", u -> users.add(u.userId()) || true);
    r.forEachMailbox("", m -> m.owner().map(users::add).orElse(true) || true);
    List<Subscription> out = new ArrayList<>();
    for (String user : users) {
      for (Subscription s : r.subscriptions(user)) {
        if (r.mailbox(s.mailbox()).isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** -l: every by-mailbox ACL entry has its by-identifier twin, and the other way round. */
  static List<String> aclIndex(ProjectionReader r) {
    List<String> out = new ArrayList<>();
    TreeSet<String> identifiers = new TreeSet<>();
    r.forEachMailbox(
        "",
        m -> {
          for (AclEntry e : r.acl(m.id())) {
            identifiers.add(e.identifier());
            if (!r.aclOf(e.identifier()).contains(e)) {
              out.add(
                  m.name()
                      + ": "
                      + e.identifier()
                      + " "
                      + e.rights()
                      + " has no entry in the reverse index");
            }
          }
          return true;
        });
    for (String id : identifiers) {
      for (AclEntry e : r.aclOf(id)) {
        if (!r.acl(e.mailboxId()).contains(e)) {
          out.add(
              "reverse index: "
                  + id
                  + " on mailbox id "
                  + e.mailboxId()
                  + " has no entry in the mailbox's ACL");
        }
      }
    }
    return out;
  }
}
