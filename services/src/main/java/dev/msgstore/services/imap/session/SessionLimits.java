package dev.msgstore.services.imap.session;

import dev.msgstore.store.config.EffectiveConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IMAP connections at once per client address ({@code service.imap.maxsessionsperclient}, counted
 * from the connection) and per user ({@code service.imap.maxsessionsperuser}, counted from the
 * login), as Dovecot's {@code mail_max_userip_connections} and the peers' limits do. 0: no limit.
 */
public final class SessionLimits {
  static final String PER_CLIENT = "service.imap.maxsessionsperclient";
  static final String PER_USER = "service.imap.maxsessionsperuser";

  private final int perClient;
  private final int perUser;
  private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();
  private final Map<String, Integer> byUser = new ConcurrentHashMap<>();

  SessionLimits(int perClient, int perUser) {
    this.perClient = perClient;
    this.perUser = perUser;
  }

  static SessionLimits of(EffectiveConfig config) {
    return new SessionLimits(number(config, PER_CLIENT), number(config, PER_USER));
  }

  private static int number(EffectiveConfig config, String option) {
    return config.value(option).map(v -> Integer.parseInt(v.strip())).orElse(0);
  }

  /** Counts a connection from {@code address}; false (nothing counted) when it is one too many. */
  public boolean enterAddress(String address) {
    return enter(byAddress, address, perClient);
  }

  public void leaveAddress(String address) {
    leave(byAddress, address);
  }

  /** Counts a session of {@code user}; false (nothing counted) when it is one too many. */
  public boolean enterUser(String user) {
    return enter(byUser, user, perUser);
  }

  public void leaveUser(String user) {
    leave(byUser, user);
  }

  public int perClient() {
    return perClient;
  }

  public int perUser() {
    return perUser;
  }

  private static boolean enter(Map<String, Integer> counts, String key, int limit) {
    boolean[] admitted = {false};
    counts.compute(
        key,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (limit > 0 && now >= limit) {
            return n;
          }
          admitted[0] = true;
          return now + 1;
        });
    return admitted[0];
  }

  private static void leave(Map<String, Integer> counts, String key) {
    counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }
}
