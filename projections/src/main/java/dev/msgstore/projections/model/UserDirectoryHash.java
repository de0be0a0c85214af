package dev.msgstore.projections.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two-level directory {@code hh/hh} a user's files live under in a partition ({@code
 * <partition>/=user/hh/hh/=uid}): the first two bytes of the SHA-256 of the UTF-8 user id, as
 * lowercase hex. The one place this hash is computed ({@code hashdir}, {@code mboxutil -x}), so
 * that they always agree. The reference's own example values cannot be reproduced by any common
 * hash (DESIGN.md); SHA-256 is stable across platforms and versions and spreads users evenly.
 */
public final class UserDirectoryHash {
  private UserDirectoryHash() {}

  /** {@code hh/hh} (no trailing separator) for {@code userId}, case-sensitive as given. */
  public static String of(String userId) {
    byte[] h = sha256(userId);
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(h[0]) + "/" + hex.toHexDigits(h[1]);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
