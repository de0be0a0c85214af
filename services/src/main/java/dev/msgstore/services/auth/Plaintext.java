package dev.msgstore.services.auth;

import java.util.Locale;

/**
 * Where a protocol takes a password in the clear on a connection that is not TLS (yet): never, on
 * loopback connections only, or always ({@code service.<protocol>.plaintextlogin}). Over TLS it is
 * always taken.
 */
public enum Plaintext {
  NO,
  LOOPBACK,
  YES;

  /** The option's value; anything else fails with the option's rule. */
  public static Plaintext parse(String value) {
    return valueOf(value.strip().toUpperCase(Locale.ROOT));
  }

  public boolean allows(boolean tls, boolean loopback) {
    return tls
        || switch (this) {
          case YES -> true;
          case LOOPBACK -> loopback;
          case NO -> false;
        };
  }
}
