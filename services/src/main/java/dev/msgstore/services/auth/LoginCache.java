package dev.msgstore.services.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a few minutes, that a password was right for a user, as Dovecot's auth cache does:
 * the directory's hash is slow on purpose (PBKDF2, 600,000 rounds), and a client that logs in every
 * minute, or a phone with five connections, should not pay it each time. Only a keyed MAC of the
 * password is kept (the key lives in this process's memory alone), tied to the hash the directory
 * held when it was checked: a new password, or a status change that the caller checks, ends it at
 * once.
 */
public final class LoginCache {
  private static final long TTL_MILLIS = 5 * 60 * 1000;
  private static final int MAX_ENTRIES = 100_000;

  private record Entry(String storedHash, byte[] mac, long expires) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final SecretKeySpec key;

  public LoginCache() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** Whether {@code password} was found right for {@code user} with {@code storedHash} lately. */
  public boolean knows(String user, String storedHash, char[] password) {
    Entry e = entries.get(user);
    if (e == null
        || e.expires() < System.currentTimeMillis()
        || !e.storedHash().equals(storedHash)) {
      return false;
    }
    return MessageDigest.isEqual(e.mac(), mac(user, password));
  }

  public void remember(String user, String storedHash, char[] password) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear(); // a crude bound: the cache only saves work
    }
    entries.put(
        user, new Entry(storedHash, mac(user, password), System.currentTimeMillis() + TTL_MILLIS));
  }

  private byte[] mac(String user, char[] password) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(user.getBytes(StandardCharsets.UTF_8));
      m.update((byte) 0);
      ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
      m.update(pw);
      return m.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
