package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.services.auth.Logins;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.directory.DirectoryUnavailable;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.UserStatus;
import java.util.Optional;

/**
 * LOGIN (RFC 3501 section 6.2.3), and the check every authentication ends in: the directory's
 * password (a bind for LDAP), the user's status, then the INBOX created on the first login. A
 * failure is answered after a delay that grows with the failures from the client's address.
 */
final class LoginHandler {
  private LoginHandler() {}

  static Reply login(ImapSession s, ImapCommand.Login c) {
    if (!s.plaintextAllowed()) {
      return Reply.no(
          "[PRIVACYREQUIRED] Plaintext authentication is disabled here (LOGINDISABLED)");
    }
    return authenticate(s, c.user(), c.password().toCharArray());
  }

  static Reply authenticate(ImapSession s, String name, char[] password) {
    return authenticate(s, name, password, "");
  }

  /**
   * {@code authz}: the user to act as (SASL's authorization identity), empty for {@code name}
   * itself; only a store administrator ({@code store.admins}) may name another user, who must exist
   * and be allowed to log in.
   */
  static Reply authenticate(ImapSession s, String name, char[] password, String authz) {
    Logins.Result result = s.ctx().logins().check(name, password);
    if (result instanceof Logins.Result.Unavailable) {
      return Reply.no("[UNAVAILABLE] The directory cannot be reached; try again later");
    }
    if (result instanceof Logins.Result.Moving moving) {
      return Reply.no("[UNAVAILABLE] " + moving.reason() + "; try again later");
    }
    if (result instanceof Logins.Result.Refused refused) {
      String why = "[AUTHENTICATIONFAILED] Authentication failed";
      if (refused.status() != null) {
        // the reference says why an existing account cannot log in, once the password is right
        why = statusReason(refused.status());
      }
      Logins.pause(s.ctx().failedLogin(s.address()));
      return Reply.no(why);
    }
    String id = ((Logins.Result.Accepted) result).user();
    String by = null;
    if (!authz.isEmpty() && !authz.equals(id)) {
      if (!s.ctx().admin(id)) {
        return Reply.no("[AUTHORIZATIONFAILED] Only a store administrator may act as another user");
      }
      Optional<DirectoryUser> target;
      try {
        target = s.ctx().directory().user(authz);
      } catch (DirectoryUnavailable e) {
        return Reply.no("[UNAVAILABLE] The directory cannot be reached; try again later");
      }
      if (target.isEmpty()) {
        return Reply.no("[AUTHORIZATIONFAILED] No such user: " + authz);
      }
      if (target.get().status() != UserStatus.ACTIVE) {
        return Reply.no(statusReason(target.get().status()));
      }
      by = id;
      id = target.get().name();
    }
    boolean hasInbox;
    try (ProjectionReader r = s.read()) {
      hasInbox = r.mailbox(MailboxNames.inboxOf(id)).isPresent();
    }
    try {
      if (!hasInbox) {
        s.ctx()
            .store()
            .execute(
                Author.of(id, "imap LOGIN from " + s.address()),
                new CreateMailbox(MailboxNames.inboxOf(id), null));
      }
    } catch (Rejected e) {
      // created meanwhile by a delivery or another login: fine
    }
    if (!s.ctx().limits().enterUser(id)) {
      return Reply.no(
          "[UNAVAILABLE] Maximum number of connections for this user exceeded"
              + " (service.imap.maxsessionsperuser="
              + s.ctx().limits().perUser()
              + ")");
    }
    s.loggedIn(id, by);
    return Reply.ok("[CAPABILITY " + s.capabilities() + "] Logged in");
  }

  private static String statusReason(UserStatus status) {
    return switch (status) {
      case INACTIVE -> "[AUTHENTICATIONFAILED] Account is inactive";
      case HOLD -> "[AUTHENTICATIONFAILED] Account is on hold";
      case DELETED, REMOVED -> "[AUTHENTICATIONFAILED] Account has been deleted";
      case ACTIVE -> "[AUTHENTICATIONFAILED] Authentication failed";
    };
  }
}
