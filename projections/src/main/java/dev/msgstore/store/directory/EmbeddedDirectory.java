package dev.msgstore.store.directory;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The directory kept in the store itself: users and domains are journal events ({@code journal
 * --type directory}) and a projection, read through the store's query API, so every lookup sees
 * what any process has committed. The store's {@code user} and {@code domain} verbs change it.
 */
public final class EmbeddedDirectory implements Directory {
  private final Supplier<ProjectionReader> reads;
  private final PasswordHashing hashing;

  public EmbeddedDirectory(Store store) {
    this(store, PasswordHashing.standard());
  }

  /** With {@code hashing}'s work factor for the check that stands in for an unknown user's. */
  public EmbeddedDirectory(Store store, PasswordHashing hashing) {
    this(store::read, hashing);
  }

  /**
   * Reading the projections {@code reads} opens: {@code store::read} catches up with the journal
   * for each lookup; a caller that has just caught up (LMTP, once per RCPT) reads its own view
   * instead ({@link #reading}).
   */
  public EmbeddedDirectory(Supplier<ProjectionReader> reads, PasswordHashing hashing) {
    this.reads = reads;
    this.hashing = hashing;
  }

  /** This directory read in {@code r}'s transaction: to be used only while {@code r} is open. */
  public EmbeddedDirectory reading(ProjectionReader r) {
    return new EmbeddedDirectory(r::sharing, hashing);
  }

  private <T> T read(Function<ProjectionReader, T> query) {
    try (ProjectionReader r = reads.get()) {
      return query.apply(r);
    }
  }

  @Override
  public Optional<DirectoryUser> user(String name) {
    Optional<String> key = nameKey(name);
    return key.isEmpty() ? Optional.empty() : read(r -> userIn(r, key.get()));
  }

  private static Optional<DirectoryUser> userIn(ProjectionReader r, String name) {
    return r.directoryUser(name).map(Entries::user);
  }

  @Override
  public Optional<DirectoryUser> userByAddress(String address) {
    Optional<String> key = nameKey(address);
    if (key.isEmpty() || key.get().indexOf('@') < 0) {
      return Optional.empty();
    }
    return read(
        r ->
            r.directoryUserOfAddress(key.get())
                .flatMap(n -> userIn(r, n))
                .or(() -> userIn(r, key.get())));
  }

  /** {@code uid} or {@code local@domain} with the domain lower-cased; empty if it is neither. */
  private static Optional<String> nameKey(String name) {
    int at = name.lastIndexOf('@');
    if (name.isEmpty() || at == 0 || at == name.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(
        at < 0
            ? name
            : name.substring(0, at)
                + "@"
                + name.substring(at + 1).toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public Optional<DirectoryDomain> domain(String name) {
    String key = name.strip().toLowerCase(java.util.Locale.ROOT);
    return read(r -> r.directoryDomain(key).map(Entries::domain));
  }

  @Override
  public List<DirectoryUser> users(String pattern) {
    String prefix = literalPrefix(pattern);
    return read(
        r -> {
          List<DirectoryUser> out = new ArrayList<>();
          r.forEachDirectoryUser(
              prefix,
              e -> {
                if (DirectoryPatterns.matches(pattern, e.name())) {
                  out.add(Entries.user(e));
                }
                return true;
              });
          return out;
        });
  }

  @Override
  public List<DirectoryDomain> domains(String pattern) {
    String prefix = literalPrefix(pattern).toLowerCase(java.util.Locale.ROOT);
    return read(
        r -> {
          List<DirectoryDomain> out = new ArrayList<>();
          r.forEachDirectoryDomain(
              prefix,
              e -> {
                if (DirectoryPatterns.matches(
                    pattern.toLowerCase(java.util.Locale.ROOT), e.name())) {
                  out.add(Entries.domain(e));
                }
                return true;
              });
          return out;
        });
  }

  /** The part of a pattern before its first wildcard or '@' (the domain part ignores case). */
  private static String literalPrefix(String pattern) {
    int i = 0;
    while (i < pattern.length() && "*%@".indexOf(pattern.charAt(i)) < 0) {
      i++;
    }
    return pattern.substring(0, i);
  }

  @Override
  public boolean authenticate(String name, char[] password) {
    Optional<DirectoryUser> u = user(name);
    String hash = u.map(DirectoryUser::passwordHash).orElse("");
    boolean matches = hashing.verify(password, hash); // the same work for an unknown user
    return matches && u.get().status().acceptsMail();
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public String describe() {
    return Directories.EMBEDDED;
  }
}
