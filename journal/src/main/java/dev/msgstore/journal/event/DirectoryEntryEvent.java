package dev.msgstore.journal.event;

import java.util.List;

/**
 * The embedded directory's entries: users and hosted domains as an administrator keeps them (what
 * an LDAP directory holds in the reference). Each event carries the whole entry, so the directory
 * is rebuilt from the journal alone. These are not the store's accounts ({@link DirectoryEvent}):
 * an entry exists before any mailbox (the INBOX comes at first delivery), and with an LDAP
 * directory the store keeps accounts and no entries.
 */
public sealed interface DirectoryEntryEvent extends Event {

  /**
   * A user entry.
   *
   * @param uid the user id without domain
   * @param domain the hosted domain, lower-case; empty for the default domain
   * @param mail the primary address; empty when none
   * @param aliases the other addresses
   * @param status active, inactive, hold, deleted or removed
   * @param quotaBytes the disk quota, -1 for none
   * @param quotaMessages the message quota, -1 for none
   * @param mailHost the server their store is on; empty when not set
   * @param partition the partition their mailboxes go to; empty for the domain's or the store's
   */
  record UserEntry(
      String uid,
      String domain,
      String mail,
      List<String> aliases,
      String status,
      long quotaBytes,
      long quotaMessages,
      String mailHost,
      String partition) {
    public UserEntry {
      aliases = List.copyOf(aliases);
    }

    /** The store's name for them: {@code uid@domain} for a hosted domain, else {@code uid}. */
    public String name() {
      return domain.isEmpty() ? uid : uid + "@" + domain;
    }
  }

  /**
   * A hosted domain entry.
   *
   * @param name lower-case
   * @param status active, inactive, hold, deleted, removed or overquota
   * @param quotaBytes the domain's disk quota, -1 for none
   * @param quotaMessages the domain's message quota, -1 for none
   * @param defaultPartition where its users' mailboxes go; empty for the store's default
   */
  record DomainEntry(
      String name, String status, long quotaBytes, long quotaMessages, String defaultPartition) {}

  /** The user {@link UserEntry#name()}: the key of every user event. */
  sealed interface UserEvent extends DirectoryEntryEvent {
    String userName();
  }

  record UserEntryCreated(UserEntry user) implements UserEvent {
    @Override
    public String userName() {
      return user.name();
    }
  }

  /** The user's entry is now {@code user} (whole; uid and domain are the entry's key). */
  record UserEntryModified(UserEntry user) implements UserEvent {
    @Override
    public String userName() {
      return user.name();
    }
  }

  /** The entry is gone; their mailboxes, if any, are the store's and stay. */
  record UserEntryDeleted(String userName) implements UserEvent {}

  /**
   * The user's password is now the one {@code hash} verifies; an empty hash removes it. The
   * password itself is never in the journal.
   */
  record PasswordSet(String userName, PasswordHash hash) implements UserEvent {}

  record DomainCreated(DomainEntry domain) implements DirectoryEntryEvent {}

  record DomainModified(DomainEntry domain) implements DirectoryEntryEvent {}

  record DomainDeleted(String name) implements DirectoryEntryEvent {}
}
