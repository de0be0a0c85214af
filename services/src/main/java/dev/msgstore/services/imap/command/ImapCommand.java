package dev.msgstore.services.imap.command;

import java.util.List;

/** A client command, as the parser read it (RFC 3501 section 6 and the extensions announced). */
public sealed interface ImapCommand {
  String tag();

  record Capability(String tag) implements ImapCommand {}

  record Noop(String tag) implements ImapCommand {}

  record Logout(String tag) implements ImapCommand {}

  record StartTls(String tag) implements ImapCommand {}

  record Login(String tag, String user, String password) implements ImapCommand {}

  /** AUTHENTICATE; {@code initial} the SASL-IR initial response (base64), null when absent. */
  record Authenticate(String tag, String mechanism, String initial) implements ImapCommand {}

  /** SELECT, or EXAMINE ({@code readOnly}). */
  record Select(String tag, String mailbox, boolean readOnly) implements ImapCommand {}

  record Create(String tag, String mailbox) implements ImapCommand {}

  record Delete(String tag, String mailbox) implements ImapCommand {}

  record Rename(String tag, String from, String to) implements ImapCommand {}

  record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand {}

  /** LIST, or LSUB ({@code subscribed}). */
  record ListMailboxes(String tag, String reference, String pattern, boolean subscribed)
      implements ImapCommand {}

  record Status(String tag, String mailbox, List<String> items) implements ImapCommand {
    public Status {
      items = List.copyOf(items);
    }
  }

  /** APPEND; {@code date} null when not given. */
  record Append(String tag, String mailbox, List<String> flags, String date, byte[] message)
      implements ImapCommand {
    public Append {
      flags = List.copyOf(flags);
    }
  }

  record Check(String tag) implements ImapCommand {}

  record Close(String tag) implements ImapCommand {}

  record Unselect(String tag) implements ImapCommand {}

  /** EXPUNGE, or UID EXPUNGE (RFC 4315) with {@code uids}; null: every \Deleted message. */
  record Expunge(String tag, SequenceSet uids) implements ImapCommand {}

  record Search(String tag, boolean uid, String charset, SearchKey key) implements ImapCommand {}

  record Fetch(String tag, boolean uid, SequenceSet set, List<FetchItem> items)
      implements ImapCommand {
    public Fetch {
      items = List.copyOf(items);
    }
  }

  /** STORE; {@code mode} '+', '-' or '=' (replace). */
  record Store(
      String tag, boolean uid, SequenceSet set, char mode, boolean silent, List<String> flags)
      implements ImapCommand {
    public Store {
      flags = List.copyOf(flags);
    }
  }

  /** COPY, or MOVE (RFC 6851). */
  record Copy(String tag, boolean uid, SequenceSet set, String mailbox, boolean move)
      implements ImapCommand {}

  record Idle(String tag) implements ImapCommand {}

  record Namespace(String tag) implements ImapCommand {}

  record Enable(String tag, List<String> capabilities) implements ImapCommand {
    public Enable {
      capabilities = List.copyOf(capabilities);
    }
  }

  /** ID (RFC 2971); the client's fields, or empty for NIL. */
  record Id(String tag, List<String> fields) implements ImapCommand {
    public Id {
      fields = List.copyOf(fields);
    }
  }

  /** SETACL (RFC 4314 section 3.1); {@code rights} may begin with '+' (add) or '-' (remove). */
  record SetAcl(String tag, String mailbox, String identifier, String rights)
      implements ImapCommand {}

  /** DELETEACL (RFC 4314 section 3.2). */
  record DeleteAcl(String tag, String mailbox, String identifier) implements ImapCommand {}

  /** GETACL (RFC 4314 section 3.3). */
  record GetAcl(String tag, String mailbox) implements ImapCommand {}

  /** LISTRIGHTS (RFC 4314 section 3.4). */
  record ListRights(String tag, String mailbox, String identifier) implements ImapCommand {}

  /** MYRIGHTS (RFC 4314 section 3.5). */
  record MyRights(String tag, String mailbox) implements ImapCommand {}

  /** GETQUOTA (RFC 9208 section 4.2). */
  record GetQuota(String tag, String root) implements ImapCommand {}

  /** GETQUOTAROOT (RFC 9208 section 4.3). */
  record GetQuotaRoot(String tag, String mailbox) implements ImapCommand {}

  /** SETQUOTA (RFC 9208 section 4.4): the limits named; a resource left out has none. */
  record SetQuota(String tag, String root, List<QuotaLimit> limits) implements ImapCommand {
    public SetQuota {
      limits = List.copyOf(limits);
    }
  }

  /** One resource's limit in SETQUOTA: STORAGE in units of 1024 octets, MESSAGE in messages. */
  record QuotaLimit(String resource, long limit) {}
}
