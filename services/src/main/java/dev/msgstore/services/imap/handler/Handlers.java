package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;

/**
 * Sends each command to its handler, after the state check of RFC 3501 section 3 (which commands
 * are valid before login, after it, and with a mailbox selected).
 */
public final class Handlers {
  private Handlers() {}

  public static Reply handle(ImapSession s, ImapCommand command) throws IOException {
    boolean authenticated = s.user() != null;
    boolean selected = s.selected() != null;
    switch (command) {
      case ImapCommand.Capability c -> {
        return CapabilityHandler.handle(s);
      }
      case ImapCommand.Noop c -> {
        return Reply.ok("NOOP completed");
      }
      case ImapCommand.Logout c -> {
        return LogoutHandler.handle(s);
      }
      case ImapCommand.Id c -> {
        return IdHandler.handle(s, c);
      }
      case ImapCommand.StartTls c -> {
        return s.startTlsAvailable()
            ? Reply.ok("Begin TLS negotiation now")
            : Reply.bad("STARTTLS is not available here (not announced)");
      }
      case ImapCommand.Login c -> {
        return authenticated ? Reply.bad("Already logged in") : LoginHandler.login(s, c);
      }
      case ImapCommand.Authenticate c -> {
        return authenticated ? Reply.bad("Already logged in") : AuthenticateHandler.handle(s, c);
      }
      default -> {}
    }
    if (!authenticated) {
      return Reply.bad("Log in first (LOGIN or AUTHENTICATE)");
    }
    switch (command) {
      case ImapCommand.Select c -> {
        return SelectHandler.handle(s, c);
      }
      case ImapCommand.Create c -> {
        return CreateHandler.handle(s, c);
      }
      case ImapCommand.Delete c -> {
        return DeleteHandler.handle(s, c);
      }
      case ImapCommand.Rename c -> {
        return RenameHandler.handle(s, c);
      }
      case ImapCommand.Subscribe c -> {
        return SubscribeHandler.handle(s, c);
      }
      case ImapCommand.ListMailboxes c -> {
        return ListHandler.handle(s, c);
      }
      case ImapCommand.ListExtended c -> {
        return ListExtendedHandler.handle(s, c);
      }
      case ImapCommand.Status c -> {
        return StatusHandler.handle(s, c);
      }
      case ImapCommand.Append c -> {
        return AppendHandler.handle(s, c);
      }
      case ImapCommand.Namespace c -> {
        return NamespaceHandler.handle(s);
      }
      case ImapCommand.Enable c -> {
        return EnableHandler.handle(s, c);
      }
      case ImapCommand.Idle c -> {
        return IdleHandler.handle(s, c);
      }
      case ImapCommand.SetAcl c -> {
        return SetAclHandler.set(s, c);
      }
      case ImapCommand.DeleteAcl c -> {
        return SetAclHandler.delete(s, c);
      }
      case ImapCommand.GetAcl c -> {
        return GetAclHandler.handle(s, c);
      }
      case ImapCommand.ListRights c -> {
        return ListRightsHandler.handle(s, c);
      }
      case ImapCommand.MyRights c -> {
        return MyRightsHandler.handle(s, c);
      }
      case ImapCommand.GetQuota c -> {
        return GetQuotaHandler.handle(s, c);
      }
      case ImapCommand.GetQuotaRoot c -> {
        return GetQuotaRootHandler.handle(s, c);
      }
      case ImapCommand.SetQuota c -> {
        return SetQuotaHandler.handle(s, c);
      }
      default -> {}
    }
    if (!selected) {
      return Reply.bad("No mailbox selected");
    }
    Reply denied = SelectedAccess.denied(s, command);
    if (denied != null) {
      return denied;
    }
    return switch (command) {
      case ImapCommand.Check c -> Reply.ok("CHECK completed");
      case ImapCommand.Close c -> CloseHandler.close(s);
      case ImapCommand.Unselect c -> CloseHandler.unselect(s);
      case ImapCommand.Expunge c -> ExpungeHandler.handle(s, c);
      case ImapCommand.Search c -> SearchHandler.handle(s, c);
      case ImapCommand.Fetch c -> FetchHandler.handle(s, c);
      case ImapCommand.Store c -> StoreHandler.handle(s, c);
      case ImapCommand.Copy c -> CopyHandler.handle(s, c);
      case ImapCommand.Sort c -> SortHandler.handle(s, c);
      case ImapCommand.Thread c -> ThreadHandler.handle(s, c);
      default -> throw new IllegalStateException("unhandled " + command);
    };
  }

  /**
   * Whether EXPUNGE responses may be sent at the end of {@code command}: not during FETCH, STORE or
   * SEARCH (RFC 3501 section 7.4.1), nor SORT or THREAD (RFC 5256), UID forms included, since
   * sequence numbers are in use.
   */
  public static boolean allowsExpunge(ImapCommand command) {
    return !(command instanceof ImapCommand.Fetch
        || command instanceof ImapCommand.Store
        || command instanceof ImapCommand.Search
        || command instanceof ImapCommand.Sort
        || command instanceof ImapCommand.Thread);
  }

  /** The command's name for meters and logs. */
  public static String verb(ImapCommand command) {
    return switch (command) {
      case ImapCommand.ListMailboxes l -> l.subscribed() ? "LSUB" : "LIST";
      case ImapCommand.ListExtended l -> "LIST";
      case ImapCommand.Select c -> c.readOnly() ? "EXAMINE" : "SELECT";
      case ImapCommand.Subscribe c -> c.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE";
      case ImapCommand.Copy c -> c.move() ? "MOVE" : "COPY";
      default -> command.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    };
  }
}
