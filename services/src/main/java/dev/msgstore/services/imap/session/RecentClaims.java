package dev.msgstore.services.imap.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * \Recent (RFC 3501 section 2.3.2): a message is recent in the one session that first has its
 * mailbox selected read-write after it arrived. This keeps, per mailbox, the lowest UID no such
 * session has seen yet. It lives in the daemon's memory: after a restart every message is recent
 * once more to the first session that selects its mailbox (a harmless overstatement; clients use
 * \Recent at most as a hint).
 */
public final class RecentClaims {
  private final Map<Long, AtomicLong> floor = new ConcurrentHashMap<>();

  /**
   * Claims every UID below {@code uidNext} not yet claimed; returns the lowest UID this session may
   * count as recent (those from it up to {@code uidNext - 1}).
   */
  public long claimUpTo(long mailboxId, long uidNext) {
    AtomicLong f = floor.computeIfAbsent(mailboxId, k -> new AtomicLong(1));
    return f.getAndAccumulate(uidNext, Math::max);
  }

  /** The lowest UID no session has claimed yet (EXAMINE shows them recent, claiming none). */
  public long unclaimedFrom(long mailboxId) {
    AtomicLong f = floor.get(mailboxId);
    return f == null ? 1 : f.get();
  }

  /** Claims one new UID: true if no other session had it. */
  public boolean claim(long mailboxId, long uid) {
    AtomicLong f = floor.computeIfAbsent(mailboxId, k -> new AtomicLong(1));
    return f.getAndAccumulate(uid + 1, Math::max) <= uid;
  }
}
