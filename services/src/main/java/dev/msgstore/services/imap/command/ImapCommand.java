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

  /**
   * SELECT, or EXAMINE ({@code readOnly}); with RFC 7162's (CONDSTORE) parameter, or its (QRESYNC
   * ...) parameter ({@code qresync}, null when absent).
   */
  record Select(String tag, String mailbox, boolean readOnly, boolean condstore, Qresync qresync)
      implements ImapCommand {
    public Select(String tag, String mailbox, boolean readOnly) {
      this(tag, mailbox, readOnly, false, null);
    }
  }

  /**
   * SELECT's QRESYNC parameter (RFC 7162 section 3.2.5): what the client knew; {@code knownUids}
   * null for 1:*. The optional sequence match data is read and not used: msgstore keeps every
   * expunge, so it never needs that hint to narrow down VANISHED (EARLIER).
   */
  record Qresync(long uidValidity, long modSeq, SequenceSet knownUids) {}

  /** CREATE; {@code uses} RFC 6154's USE parameter (special uses), empty when absent. */
  record Create(String tag, String mailbox, List<String> uses) implements ImapCommand {
    public Create {
      uses = List.copyOf(uses);
    }

    public Create(String tag, String mailbox) {
      this(tag, mailbox, List.of());
    }
  }

  record Delete(String tag, String mailbox) implements ImapCommand {}

  record Rename(String tag, String from, String to) implements ImapCommand {}

  record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand {}

  /** LIST, or LSUB ({@code subscribed}). */
  record ListMailboxes(String tag, String reference, String pattern, boolean subscribed)
      implements ImapCommand {}

  /**
   * LIST with RFC 5258's extended syntax: selection options (SUBSCRIBED, REMOTE, RECURSIVEMATCH,
   * SPECIAL-USE), one or more patterns, return options (SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS
   * with {@code statusItems} as RFC 5819 adds).
   */
  record ListExtended(
      String tag,
      String reference,
      List<String> patterns,
      List<String> selection,
      List<String> returns,
      List<String> statusItems)
      implements ImapCommand {
    public ListExtended {
      patterns = List.copyOf(patterns);
      selection = List.copyOf(selection);
      returns = List.copyOf(returns);
      statusItems = List.copyOf(statusItems);
    }
  }

  record Status(String tag, String mailbox, List<String> items) implements ImapCommand {
    public Status {
      items = List.copyOf(items);
    }
  }

  /** APPEND; {@code date} null when not given. */
  record Append(String tag, String mailbox, List<String> flags, String date, MessageLiteral message)
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

  /**
   * SEARCH; {@code returns} the RETURN options of ESEARCH (RFC 4731: MIN MAX ALL COUNT, an empty
   * list meaning ALL), or null for a plain SEARCH answered by a SEARCH response.
   */
  record Search(String tag, boolean uid, String charset, SearchKey key, List<String> returns)
      implements ImapCommand {
    public Search {
      returns = returns == null ? null : List.copyOf(returns);
    }

    public Search(String tag, boolean uid, String charset, SearchKey key) {
      this(tag, uid, charset, key, null);
    }
  }

  /** SORT and UID SORT (RFC 5256 section 3): the criteria in order, then a SEARCH's. */
  record Sort(String tag, boolean uid, List<SortKey> criteria, String charset, SearchKey key)
      implements ImapCommand {
    public Sort {
      criteria = List.copyOf(criteria);
    }
  }

  /** One SORT criterion (RFC 5256 section 3). */
  record SortKey(SortKey.By by, boolean reverse) {
    public enum By {
      ARRIVAL,
      CC,
      DATE,
      FROM,
      SIZE,
      SUBJECT,
      TO
    }
  }

  /** THREAD and UID THREAD (RFC 5256 section 3). */
  record Thread(String tag, boolean uid, Threading algorithm, String charset, SearchKey key)
      implements ImapCommand {
    public enum Threading {
      ORDEREDSUBJECT,
      REFERENCES
    }
  }

  /**
   * FETCH; {@code changedSince} RFC 7162's CHANGEDSINCE modifier (-1 when absent), {@code vanished}
   * its VANISHED modifier (UID FETCH with QRESYNC enabled).
   */
  record Fetch(
      String tag,
      boolean uid,
      SequenceSet set,
      List<FetchItem> items,
      long changedSince,
      boolean vanished)
      implements ImapCommand {
    public Fetch {
      items = List.copyOf(items);
    }

    public Fetch(String tag, boolean uid, SequenceSet set, List<FetchItem> items) {
      this(tag, uid, set, items, -1, false);
    }
  }

  /**
   * STORE; {@code mode} '+', '-' or '=' (replace); {@code unchangedSince} RFC 7162's UNCHANGEDSINCE
   * modifier, -1 when absent.
   */
  record Store(
      String tag,
      boolean uid,
      SequenceSet set,
      char mode,
      boolean silent,
      List<String> flags,
      long unchangedSince)
      implements ImapCommand {
    public Store {
      flags = List.copyOf(flags);
    }

    public Store(
        String tag, boolean uid, SequenceSet set, char mode, boolean silent, List<String> flags) {
      this(tag, uid, set, mode, silent, flags, -1);
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
