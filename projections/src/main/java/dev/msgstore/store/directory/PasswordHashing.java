package dev.msgstore.store.directory;

import dev.msgstore.store.Rejected;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes: PBKDF2-HMAC-SHA256 from the JDK, a 16-byte random salt, a 32-byte
 * key, encoded as {@code pbkdf2-sha256$<iterations>$<salt>$<key>} (base64 without padding). The
 * work factor is {@link #DEFAULT_ITERATIONS}, OWASP's 2023 figure for this function; the count is
 * in each hash, so raising it later keeps older hashes verifiable. Verification compares in
 * constant time.
 *
 * <p>The hash may be written to the journal (the embedded directory is the journal's projection, so
 * it must be, or replay would lose every password); the password never is. A salted hash at this
 * cost is what {@code userPassword} holds in an LDAP directory too.
 */
public final class PasswordHashing {
  public static final String SCHEME = "pbkdf2-sha256";
  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int KEY_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;

  /** A hasher at {@code iterations} rounds: {@link #DEFAULT_ITERATIONS} except in tests. */
  public PasswordHashing(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    this.iterations = iterations;
  }

  public static PasswordHashing standard() {
    return new PasswordHashing(DEFAULT_ITERATIONS);
  }

  /** The encoded hash of {@code password} under a new salt. Does not keep or clear the array. */
  public String hash(char[] password) {
    if (password.length == 0) {
      throw Rejected.invalid("a password cannot be empty");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(key);
  }

  /**
   * Whether {@code password} matches {@code encoded}. A malformed or empty {@code encoded} is
   * false, after the same work as a real check, so that timing does not tell the two apart.
   */
  public boolean verify(char[] password, String encoded) {
    String[] parts = encoded.split("\\$", -1);
    byte[] salt;
    byte[] expected;
    int rounds;
    try {
      if (parts.length != 4 || !parts[0].equals(SCHEME)) {
        throw new IllegalArgumentException("not a " + SCHEME + " hash");
      }
      rounds = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
      if (rounds < 1 || salt.length == 0 || expected.length == 0) {
        throw new IllegalArgumentException("bad parameters");
      }
    } catch (IllegalArgumentException e) {
      derive(password.length == 0 ? new char[] {'x'} : password, new byte[SALT_BYTES], iterations);
      return false;
    }
    byte[] actual = derive(password.length == 0 ? new char[] {'x'} : password, salt, rounds);
    boolean same = MessageDigest.isEqual(actual, expected);
    return same && password.length > 0;
  }

  /** Whether {@code encoded} looks like a hash this class wrote (for input checks, not auth). */
  public static boolean isEncoded(String encoded) {
    String[] parts = encoded.split("\\$", -1);
    return parts.length == 4 && parts[0].equals(SCHEME) && parts[1].matches("[1-9][0-9]{0,9}");
  }

  private static byte[] derive(char[] password, byte[] salt, int rounds) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, rounds, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** {@code bytes} (say, a password file's content without its line end) as chars, then zeroed. */
  public static char[] chars(byte[] bytes) {
    CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
    char[] out = Arrays.copyOf(cb.array(), cb.limit());
    Arrays.fill(cb.array(), '\0');
    Arrays.fill(bytes, (byte) 0);
    return out;
  }
}
