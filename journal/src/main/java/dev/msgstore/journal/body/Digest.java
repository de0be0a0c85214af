package dev.msgstore.journal.body;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 digest held as four longs, so it is a value (equals, hashCode) and costs no array. */
public record Digest(long w0, long w1, long w2, long w3) implements Comparable<Digest> {
  public static final int BYTES = 32;

  public static Digest of(byte[] sha256) {
    if (sha256.length != BYTES) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + sha256.length);
    }
    return new Digest(word(sha256, 0), word(sha256, 8), word(sha256, 16), word(sha256, 24));
  }

  public static Digest parse(String hex) {
    if (hex.length() != 2 * BYTES) {
      throw new IllegalArgumentException("a SHA-256 digest is 64 hex digits: " + hex);
    }
    return of(HexFormat.of().parseHex(hex));
  }

  public static Digest sha256(byte[] content) {
    return of(newSha256().digest(content));
  }

  /**
   * A fresh SHA-256, cloned from one never used: {@code getInstance} looks the provider up each
   * time, which showed in the profile of a delivery (one a message).
   */
  public static MessageDigest newSha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return sha256Instance(); // a provider whose digest does not clone
    }
  }

  private static final MessageDigest SHA256 = sha256Instance(); // never updated: only cloned

  private static MessageDigest sha256Instance() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    put(out, 0, w0);
    put(out, 8, w1);
    put(out, 16, w2);
    put(out, 24, w3);
    return out;
  }

  public String hex() {
    return HexFormat.of().formatHex(toBytes());
  }

  @Override
  public int compareTo(Digest o) {
    int c = Long.compareUnsigned(w0, o.w0);
    if (c == 0) c = Long.compareUnsigned(w1, o.w1);
    if (c == 0) c = Long.compareUnsigned(w2, o.w2);
    if (c == 0) c = Long.compareUnsigned(w3, o.w3);
    return c;
  }

  @Override
  public String toString() {
    return hex();
  }

  private static long word(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  private static void put(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
