package dev.msgstore.services.auth;

import dev.msgstore.journal.Author;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.RecordUserAccess;
import dev.msgstore.store.config.Syntax;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records logins and logouts as journal events (imsconnutil -a) when {@code local.enablelastaccess}
 * is on, at most once a minute per user, protocol and kind: a client that logs in every few seconds
 * costs one commit a minute, not one per login. The commit is made off the session's path (a login
 * does not wait for its fsync).
 */
public final class LastAccessRecorder {
  public static final String OPTION = "local.enablelastaccess";
  static final long THROTTLE_MILLIS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(LastAccessRecorder.class);

  private final Store store;
  private final String protocol;
  private final Map<String, Long> lastWritten = new ConcurrentHashMap<>();

  public LastAccessRecorder(Store store, String protocol) {
    this.store = store;
    this.protocol = protocol;
  }

  public void login(String user, String address) {
    record(user, address, true);
  }

  public void logout(String user, String address) {
    record(user, address, false);
  }

  private void record(String user, String address, boolean login) {
    if (!store.config().value(OPTION).map(Syntax::isTrue).orElse(false)) {
      return;
    }
    long now = System.currentTimeMillis();
    String key = user + "\0" + login;
    Long before = lastWritten.get(key);
    if (before != null && now - before < THROTTLE_MILLIS) {
      return;
    }
    lastWritten.put(key, now);
    Thread.ofVirtual()
        .name("last-access-" + protocol)
        .start(
            () -> {
              try {
                store.execute(
                    Author.of(user, protocol + (login ? " login" : " logout") + " from " + address),
                    new RecordUserAccess(user, protocol, address, login));
              } catch (RuntimeException e) {
                LOG.warn(
                    "{}: recording the last access of {} failed: {}", protocol, user, e.toString());
              }
            });
  }
}
