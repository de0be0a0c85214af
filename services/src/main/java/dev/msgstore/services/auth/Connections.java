package dev.msgstore.services.auth;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is logged in now, over which protocol, from where (imsconnutil -c, over the daemon's control
 * channel), and how to end each such session (imsconnutil -k). A session adds itself once it is
 * logged in and closes its handle when it ends. One per process: the daemon's.
 */
public final class Connections {
  /** The daemon's: every protocol component of this process registers here. */
  public static final Connections PROCESS = new Connections();

  /** One logged-in session. {@code since} is milliseconds since the epoch. */
  public record Connection(
      long id,
      String protocol,
      String user,
      String client,
      String server,
      String method,
      long since) {}

  /** A registration: closing it removes the session from the list. */
  public interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  private record Entry(Connection connection, Runnable disconnect) {}

  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

  /**
   * Adds a logged-in session; {@code disconnect} ends it from another thread (the session says
   * goodbye as its protocol allows and closes).
   */
  public Handle add(
      String protocol,
      String user,
      String client,
      String server,
      String method,
      Runnable disconnect) {
    long id = ids.incrementAndGet();
    entries.put(
        id,
        new Entry(
            new Connection(id, protocol, user, client, server, method, System.currentTimeMillis()),
            disconnect));
    return () -> entries.remove(id);
  }

  /** The sessions logged in now, oldest first. */
  public List<Connection> list() {
    return entries.values().stream()
        .map(Entry::connection)
        .sorted(Comparator.comparingLong(Connection::id))
        .toList();
  }

  /**
   * Ends every session of {@code user} over {@code service} ("*": any); returns how many were asked
   * to end.
   */
  public int disconnect(String user, String service) {
    int n = 0;
    for (Entry e : entries.values()) {
      Connection c = e.connection();
      if (c.user().equals(user) && (service.equals("*") || service.equals(c.protocol()))) {
        e.disconnect().run();
        n++;
      }
    }
    return n;
  }
}
