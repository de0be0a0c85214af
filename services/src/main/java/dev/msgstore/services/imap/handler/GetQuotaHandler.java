package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;

/**
 * GETQUOTA (RFC 9208 section 4.2). A quota root is a user: their personal mailboxes share the
 * limits the directory gives them ({@code mailQuota}, {@code mailMsgQuota}), which the quota
 * projection (QuotaLedger) holds beside the usage. A user reads their own root; an administrator
 * any.
 */
final class GetQuotaHandler {
  private GetQuotaHandler() {}

  static Reply handle(ImapSession s, ImapCommand.GetQuota c) throws IOException {
    if (!c.root().equals(s.user())) {
      if (!s.admin()) {
        return Reply.no("[NOPERM] Only your own quota root (" + s.user() + ") can be read");
      }
      if (s.ctx().directory().user(c.root()).isEmpty()) {
        return Reply.no("[NONEXISTENT] No such quota root");
      }
    }
    try (ProjectionReader r = s.read()) {
      s.out().untagged(response(r.quota(c.root())));
    }
    return Reply.ok("GETQUOTA completed");
  }

  /**
   * {@code QUOTA root (STORAGE used limit MESSAGE used limit)}: only the resources that have a
   * limit; STORAGE in units of 1024 octets, rounded down as Dovecot does.
   */
  static String response(QuotaRecord q) {
    StringBuilder resources = new StringBuilder();
    if (q.limitBytes() >= 0) {
      resources.append("STORAGE ").append(q.usedBytes() / 1024).append(' ');
      resources.append(q.limitBytes() / 1024);
    }
    if (q.limitMessages() >= 0) {
      resources.append(resources.isEmpty() ? "" : " ").append("MESSAGE ");
      resources.append(q.usedMessages()).append(' ').append(q.limitMessages());
    }
    return "QUOTA " + ResponseEncoder.astring(q.root()) + " (" + resources + ")";
  }
}
