package dev.msgstore.services.imap.session;

import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.services.imap.response.ResponseEncoder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A session's view of its selected mailbox (RFC 3501 sections 5.2 and 7.4.1): the message sequence
 * as this client knows it, each message's flags, and which are recent here. It changes only from
 * the journal tail ({@link MailboxChanges}), and only when the session absorbs what came, so that
 * it never goes backwards and an expunged UID never comes back. New messages and flag changes may
 * be announced at any command's end; expunges only where RFC 3501 allows them.
 */
public final class SelectedView implements MailboxChanges.Listener {
  private final MailboxRecord mailbox;
  private final boolean readOnly;
  private final RecentClaims claims;

  private long[] uids = new long[16];
  private int count;
  private final Map<Long, MessageFlags> flags = new HashMap<>();
  private final Map<Long, Long> modSeqs = new HashMap<>();
  private long highestModSeq;
  private boolean condstore;
  private boolean qresync;
  private final Set<Long> recent = new HashSet<>();
  private final TreeSet<Long> expunged = new TreeSet<>();
  private final Set<Long> changed = new LinkedHashSet<>();
  private final Set<String> keywords = new TreeSet<>();
  private long covered;
  private long uidNext;
  private int announcedExists;
  private int announcedKeywords;
  private boolean deleted;
  private String rights = "";
  private volatile boolean aclChanged;

  private final ArrayDeque<Pending> inbox = new ArrayDeque<>();

  private record Pending(long index, java.util.List<Event> events) {}

  SelectedView(MailboxRecord mailbox, boolean readOnly, RecentClaims claims) {
    this.mailbox = mailbox;
    this.readOnly = readOnly;
    this.claims = claims;
  }

  /** Fills the view from {@code state}, which covers the journal up to its stamp. */
  void load(ProjectionReader state) {
    covered = state.stamp();
    MailboxRecord now = state.mailbox(mailbox.id()).orElse(mailbox);
    uidNext = now.uidNext();
    long recentFrom =
        readOnly ? claims.unclaimedFrom(mailbox.id()) : claims.claimUpTo(mailbox.id(), uidNext);
    highestModSeq = state.highestModSeq(mailbox.id());
    // only the live messages': QRESYNC's VANISHED (EARLIER) reads the expunged ones itself
    state.forEachLiveModSeq(
        mailbox.id(),
        q -> {
          modSeqs.put(q.uid(), q.modSeq());
          return true;
        });
    state.forEachMessage(
        mailbox.id(),
        0,
        m -> {
          add(m.uid(), new MessageFlags(m.flags(), m.keywords()));
          if (m.uid() >= recentFrom) {
            recent.add(m.uid());
          }
          return true;
        });
    announcedExists = count;
    announcedKeywords = keywords.size();
  }

  @Override
  public void committed(long index, java.util.List<Event> events) {
    if (events.stream().anyMatch(e -> e instanceof AclEvent)) {
      aclChanged = true; // the session looks its rights up again before its next command
    }
    synchronized (inbox) {
      inbox.add(new Pending(index, events));
      inbox.notifyAll();
    }
  }

  /** Waits until a change arrives or {@code millis} pass; true if one is waiting. */
  public boolean awaitChange(long millis) throws InterruptedException {
    synchronized (inbox) {
      if (inbox.isEmpty()) {
        inbox.wait(millis);
      }
      return !inbox.isEmpty();
    }
  }

  /** Wakes a session waiting in {@link #awaitChange} (IDLE ending). */
  public void wake() {
    synchronized (inbox) {
      inbox.notifyAll();
    }
  }

  /**
   * Takes in what the journal tail brought. New messages are looked up in {@code state} (a reader
   * is opened only when one came: {@code reader}).
   */
  public void absorb(java.util.function.Supplier<ProjectionReader> reader) {
    Pending[] got;
    synchronized (inbox) {
      got = inbox.toArray(new Pending[0]);
      inbox.clear();
    }
    ProjectionReader state = null;
    try {
      for (Pending p : got) {
        if (p.index() <= covered) {
          continue;
        }
        for (Event e : p.events()) {
          switch (e) {
            case MessageEvent.Appended a -> {
              arrived(a.uid(), new MessageFlags(a.flags(), a.keywords()));
              modified(a.uid(), p.index());
            }
            case MessageEvent.Restored r -> {
              if (state == null) {
                state = reader.get();
              }
              MessageFlags f =
                  state
                      .message(mailbox.id(), r.newUid())
                      .map(m -> new MessageFlags(m.flags(), m.keywords()))
                      .orElse(new MessageFlags(Set.of(), java.util.List.of()));
              arrived(r.newUid(), f);
              modified(r.newUid(), p.index());
            }
            case MessageEvent.FlagsStored f -> {
              if (flags.containsKey(f.uid()) && !expunged.contains(f.uid())) {
                MessageFlags now = new MessageFlags(f.flags(), f.keywords());
                if (!now.equals(flags.put(f.uid(), now))) {
                  changed.add(f.uid());
                }
                modified(f.uid(), p.index());
                keywords.addAll(f.keywords());
              }
            }
            case MessageEvent.Expunged x -> {
              for (long u : x.uids()) {
                if (flags.containsKey(u)) {
                  expunged.add(u);
                  changed.remove(u);
                }
                highestModSeq = Math.max(highestModSeq, p.index());
              }
            }
            case MailboxEvent.Deleted d -> deleted = true;
            default -> {}
          }
        }
        covered = p.index();
      }
    } finally {
      if (state != null) {
        state.close();
      }
    }
  }

  /** The message changed in the commit at {@code index}: its MODSEQ (RFC 7162). */
  private void modified(long uid, long index) {
    if (flags.containsKey(uid)) {
      modSeqs.put(uid, index);
    }
    highestModSeq = Math.max(highestModSeq, index);
  }

  private void arrived(long uid, MessageFlags f) {
    if (uid < uidNext && (count == 0 || uid <= uids[count - 1])) {
      return; // already known (or expunged): a view never goes backwards
    }
    add(uid, f);
    uidNext = Math.max(uidNext, uid + 1);
    if (!readOnly && claims.claim(mailbox.id(), uid)) {
      recent.add(uid);
    }
  }

  private void add(long uid, MessageFlags f) {
    if (count == uids.length) {
      uids = Arrays.copyOf(uids, count * 2);
    }
    uids[count++] = uid;
    flags.put(uid, f);
    keywords.addAll(f.keywords());
  }

  /**
   * Writes what changed since the last time: EXPUNGE (when {@code expunges} are allowed now),
   * EXISTS and RECENT, and FETCH FLAGS for flags changed elsewhere.
   */
  public void announce(ResponseEncoder out, boolean expunges) throws IOException {
    // A message that went before the client was told of it goes without a word (the last ones:
    // EXISTS has not counted them); the others only where an EXPUNGE response is allowed.
    for (java.util.Iterator<Long> it = expunged.descendingIterator(); it.hasNext(); ) {
      long u = it.next();
      int i = indexOf(u);
      if (i < 0 || i >= announcedExists) {
        remove(i, u);
        it.remove();
      }
    }
    if (expunges && !expunged.isEmpty()) {
      java.util.List<Long> vanished = new java.util.ArrayList<>();
      for (long u : expunged) {
        int i = indexOf(u);
        if (i >= 0) {
          remove(i, u);
          announcedExists--;
          if (qresync) {
            vanished.add(u); // RFC 7162 section 3.2.10: VANISHED instead of EXPUNGE
          } else {
            out.untagged((i + 1) + " EXPUNGE");
          }
        }
      }
      expunged.clear();
      if (!vanished.isEmpty()) {
        out.untagged("VANISHED " + dev.msgstore.services.imap.handler.UidSets.format(vanished));
      }
    }
    announceFlags(out);
    if (count != announcedExists) {
      announcedExists = count;
      out.untagged(count + " EXISTS");
      out.untagged(recent.size() + " RECENT");
    }
    if (!changed.isEmpty()) {
      for (long u : changed) {
        int i = indexOf(u);
        if (i >= 0) {
          out.untagged(
              (i + 1)
                  + " FETCH ("
                  + (qresync ? "UID " + u + " " : "")
                  + "FLAGS "
                  + flags.get(u).imap(recent.contains(u))
                  + (condstore ? " MODSEQ (" + modSeq(u) + ")" : "")
                  + ")");
        }
      }
      changed.clear();
    }
  }

  private void remove(int i, long u) {
    if (i >= 0) {
      System.arraycopy(uids, i + 1, uids, i, count - i - 1);
      count--;
    }
    flags.remove(u);
    modSeqs.remove(u);
    recent.remove(u);
    changed.remove(u);
  }

  /**
   * Writes FLAGS and PERMANENTFLAGS again when a keyword came into use since they were last sent: a
   * client may only be shown flags the FLAGS response named (RFC 3501 section 7.2.6).
   */
  public void announceFlags(ResponseEncoder out) throws IOException {
    if (keywords.size() == announcedKeywords) {
      return;
    }
    announcedKeywords = keywords.size();
    String names = flagNames();
    out.untagged("FLAGS (" + names + ")");
    if (!readOnly) {
      out.untagged("OK [PERMANENTFLAGS (" + names + " \\*)] Flags permitted.");
    }
  }

  /** The system flags and every keyword in use, as the FLAGS response lists them. */
  public String flagNames() {
    StringBuilder flags = new StringBuilder("\\Answered \\Flagged \\Deleted \\Seen \\Draft");
    for (String k : keywords) {
      flags.append(' ').append(k);
    }
    return flags.toString();
  }

  /** Forgets flag changes already answered (a STORE's own FETCH responses). */
  public void answered(long uid) {
    changed.remove(uid);
  }

  public MailboxRecord mailbox() {
    return mailbox;
  }

  public boolean readOnly() {
    return readOnly;
  }

  public boolean deleted() {
    return deleted;
  }

  public int size() {
    return count;
  }

  public long uid(int seq) {
    return uids[seq - 1];
  }

  /** The sequence number of {@code uid}, or 0 when the view has no such message. */
  public int seq(long uid) {
    return indexOf(uid) + 1;
  }

  private int indexOf(long uid) {
    int i = Arrays.binarySearch(uids, 0, count, uid);
    return i < 0 ? -1 : i;
  }

  public long lastUid() {
    return count == 0 ? 0 : uids[count - 1];
  }

  public long uidNext() {
    return uidNext;
  }

  /** The message's MODSEQ as this view knows it (RFC 7162), 0 for none. */
  public long modSeq(long uid) {
    return modSeqs.getOrDefault(uid, 0L);
  }

  /** HIGHESTMODSEQ as far as this view has absorbed the mailbox's changes. */
  public long highestModSeq() {
    return highestModSeq;
  }

  /** CONDSTORE is enabled: unsolicited FETCH responses carry MODSEQ. */
  public void condstore() {
    condstore = true;
  }

  public boolean condstoreEnabled() {
    return condstore;
  }

  /** QRESYNC is enabled: expunges are announced as VANISHED, FETCH responses carry UID. */
  public void qresync() {
    condstore = true;
    qresync = true;
  }

  public boolean qresyncEnabled() {
    return qresync;
  }

  /** Whether the view holds {@code uid} (expunged-but-unannounced ones included). */
  public boolean holds(long uid) {
    return flags.containsKey(uid);
  }

  public MessageFlags flags(long uid) {
    return flags.get(uid);
  }

  public boolean recent(long uid) {
    return recent.contains(uid);
  }

  public int recentCount() {
    return recent.size();
  }

  /** Whether another session expunged it and this client has not been told yet. */
  public boolean expungedUnannounced(long uid) {
    return expunged.contains(uid);
  }

  public Set<String> keywords() {
    return keywords;
  }

  /** The sequence number of the first message without \Seen, or 0. */
  public int firstUnseen() {
    for (int i = 0; i < count; i++) {
      if (!flags.get(uids[i]).has(SystemFlag.SEEN)) {
        return i + 1;
      }
    }
    return 0;
  }

  /** The user's rights on the mailbox, as last looked up (RFC 4314 section 4). */
  public String rights() {
    return rights;
  }

  void rights(String now) {
    rights = now;
  }

  /** Whether an ACL change to the mailbox came since the last call. */
  boolean takeAclChange() {
    boolean changed = aclChanged;
    aclChanged = false;
    return changed;
  }

  public long covered() {
    return covered;
  }
}
