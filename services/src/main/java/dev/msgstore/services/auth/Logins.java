package dev.msgstore.services.auth;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.UserMove;
import dev.msgstore.store.MoveLock;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryUnavailable;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.UserStatus;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The password check every protocol's login ends in (IMAP LOGIN and AUTHENTICATE, POP3 USER/PASS
 * and AUTH): the directory's password (a bind for LDAP) behind a short-lived {@link LoginCache},
 * the user's status, and the delay a failure is answered after, growing with the failures from the
 * client's address. One instance per component: its cache and its failure counts.
 */
public final class Logins {
  /** What a login came to. */
  public sealed interface Result {
    /** The password is right and the account may log in, as {@code user} (the directory's name). */
    record Accepted(String user) implements Result {}

    /**
     * Refused: a wrong password or unknown user ({@code status} null), or an account whose status
     * forbids logging in.
     */
    record Refused(UserStatus status) implements Result {}

    /** The directory cannot be reached. */
    record Unavailable() implements Result {}

    /**
     * The password is right but the account is being moved to another host, or has moved there
     * (rehostuser): {@code reason} says which.
     */
    record Moving(String reason) implements Result {}
  }

  private final Directory directory;
  private final Supplier<ProjectionReader> state;
  private final LoginCache cache = new LoginCache();
  private final Map<String, Integer> failuresByAddress = new ConcurrentHashMap<>();

  /** Logins against {@code directory}, the store's account locks read from {@code state}. */
  public Logins(Directory directory, Supplier<ProjectionReader> state) {
    this.directory = directory;
    this.state = state;
  }

  public Directory directory() {
    return directory;
  }

  /** Checks {@code password} (zeroed before this returns) for {@code name}. */
  public Result check(String name, char[] password) {
    Optional<DirectoryUser> user;
    boolean ok;
    try {
      user = directory.user(name);
      String stored = user.map(DirectoryUser::passwordHash).orElse("");
      boolean active = user.map(u -> u.status() == UserStatus.ACTIVE).orElse(false);
      ok = active && cache.knows(name, stored, password);
      if (!ok) {
        ok = directory.authenticate(name, password);
        if (ok) {
          cache.remember(name, stored, password);
        }
      }
    } catch (DirectoryUnavailable e) {
      return new Result.Unavailable();
    } finally {
      Arrays.fill(password, '\0');
    }
    if (!ok) {
      // the reference says why an existing account cannot log in (the directory's authenticate()
      // does not tell a wrong password from a status that forbids it)
      return new Result.Refused(
          user.filter(u -> u.status() != UserStatus.ACTIVE)
              .map(DirectoryUser::status)
              .orElse(null));
    }
    String id = user.map(DirectoryUser::name).orElse(name);
    try (ProjectionReader r = state.get()) {
      Optional<UserMove> move = MoveLock.refusesLogin(r, id);
      if (move.isPresent()) {
        return new Result.Moving(move.get().reason());
      }
    }
    return new Result.Accepted(id);
  }

  /**
   * Records a failed login from {@code address} and returns how long to wait before answering: 2 s,
   * doubling with each further failure from that address, at most 15 s (as Dovecot does).
   */
  public long failed(String address) {
    int n = failuresByAddress.merge(address, 1, Integer::sum);
    return Math.min(15_000L, 2_000L << Math.min(n - 1, 3));
  }

  public void succeeded(String address) {
    failuresByAddress.remove(address);
  }

  /** Sleeps the failure delay on the session's (virtual) thread. */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
