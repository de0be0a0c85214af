package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.ModifyUserEntry;
import dev.msgstore.store.directory.QuotaLimits;
import java.io.IOException;

/**
 * SETQUOTA (RFC 9208 section 4.4), for store administrators only: sets the user's limits in the
 * directory ({@code user modify}'s change, which brings the quota projection along in the same
 * commit); a resource left out has no limit afterwards. An LDAP directory is not written: its
 * {@code mailQuota} and {@code mailMsgQuota} are changed there.
 */
final class SetQuotaHandler {
  private SetQuotaHandler() {}

  static Reply handle(ImapSession s, ImapCommand.SetQuota c) throws IOException {
    if (!s.admin()) {
      return Reply.no("[NOPERM] Only a store administrator (store.admins) sets quotas");
    }
    long bytes = QuotaLimits.UNLIMITED;
    long messages = QuotaLimits.UNLIMITED;
    for (ImapCommand.QuotaLimit l : c.limits()) {
      switch (l.resource()) {
        case "STORAGE" ->
            bytes = l.limit() > Long.MAX_VALUE / 1024 ? Long.MAX_VALUE : l.limit() * 1024;
        case "MESSAGE" -> messages = l.limit();
        default -> {
          return Reply.no("[CANNOT] Unsupported resource " + l.resource() + " (STORAGE, MESSAGE)");
        }
      }
    }
    if (s.ctx().directory().user(c.root()).isEmpty()) {
      return Reply.no("[NONEXISTENT] No such quota root (a user)");
    }
    if (!s.ctx().directory().writable()) {
      return Reply.no(
          "[CANNOT] The directory is "
              + s.ctx().directory().describe()
              + ": change mailQuota and mailMsgQuota there");
    }
    QuotaLimits limits = new QuotaLimits(bytes, messages);
    Outcome o;
    try {
      o =
          s.ctx()
              .store()
              .execute(
                  s.author("SETQUOTA"), new ModifyUserEntry(c.root(), u -> u.withQuota(limits)));
    } catch (Rejected e) {
      return Reply.rejected(e);
    }
    s.committed(o);
    try (ProjectionReader r = s.read()) {
      s.out().untagged(GetQuotaHandler.response(r.quota(c.root()))); // the root as it is now
    }
    return Reply.ok("SETQUOTA completed");
  }
}
