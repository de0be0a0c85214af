package dev.msgstore.services.imap.session;

import dev.msgstore.store.config.EffectiveConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The store administrators, as the reference's {@code store.admins} names them (user ids separated
 * by spaces or commas): they hold every right on every mailbox, read and set any quota root, and
 * may log in as another user (AUTHENTICATE PLAIN with that user as the authorization identity).
 */
final class Admins {
  static final String OPTION = "store.admins";

  private Admins() {}

  static Set<String> of(EffectiveConfig config) {
    return config
        .value(OPTION)
        .map(v -> Arrays.stream(v.split("[\\s,]+")).filter(u -> !u.isEmpty()))
        .map(users -> users.collect(Collectors.toUnmodifiableSet()))
        .orElse(Set.of());
  }
}
