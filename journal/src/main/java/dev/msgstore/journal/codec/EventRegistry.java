package dev.msgstore.journal.codec;

import static dev.msgstore.journal.codec.Fields.readDigest;
import static dev.msgstore.journal.codec.Fields.readFlags;
import static dev.msgstore.journal.codec.Fields.readInt;
import static dev.msgstore.journal.codec.Fields.readLong;
import static dev.msgstore.journal.codec.Fields.readLongs;
import static dev.msgstore.journal.codec.Fields.readString;
import static dev.msgstore.journal.codec.Fields.readStrings;
import static dev.msgstore.journal.codec.Fields.writeDigest;
import static dev.msgstore.journal.codec.Fields.writeFlags;
import static dev.msgstore.journal.codec.Fields.writeInt;
import static dev.msgstore.journal.codec.Fields.writeLong;
import static dev.msgstore.journal.codec.Fields.writeLongs;
import static dev.msgstore.journal.codec.Fields.writeString;
import static dev.msgstore.journal.codec.Fields.writeStrings;

import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MaintenanceEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.journal.event.SessionEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Every event type the journal has ever held, with its frozen tag and name. This table is the
 * persisted format: {@code EventRegistryGoldenTest} pins each tag, name, version and byte layout.
 * To change an event's fields, bump its version and keep reading the old one; never reuse a tag.
 */
public final class EventRegistry {
  /** message.appended's tag: most of a journal's events (see {@link #read}). */
  private static final int APPENDED = 10;

  private static final List<EventType<?>> TYPES =
      List.of(
          type(
              1,
              "mailbox.created",
              MailboxEvent.Created.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeString(o, e.name());
                writeString(o, e.partition());
                writeLong(o, e.uidValidity());
              },
              (v, i) ->
                  new MailboxEvent.Created(readLong(i), readString(i), readString(i), readLong(i))),
          type(
              2,
              "mailbox.renamed",
              MailboxEvent.Renamed.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeString(o, e.oldName());
                writeString(o, e.newName());
                writeString(o, e.oldPartition());
                writeString(o, e.newPartition());
              },
              (v, i) ->
                  new MailboxEvent.Renamed(
                      readLong(i), readString(i), readString(i), readString(i), readString(i))),
          type(
              3,
              "mailbox.deleted",
              MailboxEvent.Deleted.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeString(o, e.name());
              },
              (v, i) -> new MailboxEvent.Deleted(readLong(i), readString(i))),
          type(
              4,
              "mailbox.special-use-set",
              MailboxEvent.SpecialUseSet.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeString(o, e.name());
                writeStrings(o, e.uses());
              },
              (v, i) -> new MailboxEvent.SpecialUseSet(readLong(i), readString(i), readStrings(i))),
          // v2 adds the summary (From, To and Cc, Subject); v1 events read with none.
          new EventType<>(
              APPENDED,
              "message.appended",
              2,
              MessageEvent.Appended.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeLong(o, e.uid());
                writeDigest(o, e.digest());
                writeLong(o, e.size());
                writeInt(o, e.headerSize());
                writeLong(o, e.internalDate());
                writeLong(o, e.sentDate());
                writeFlags(o, e.flags());
                writeStrings(o, e.keywords());
                writeString(o, e.messageId());
                writeString(o, e.summary().from());
                writeString(o, e.summary().to());
                writeString(o, e.summary().subject());
              },
              EventRegistry::readAppended),
          type(
              11,
              "message.flags-stored",
              MessageEvent.FlagsStored.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeLong(o, e.uid());
                writeFlags(o, e.flags());
                writeStrings(o, e.keywords());
              },
              (v, i) ->
                  new MessageEvent.FlagsStored(
                      readLong(i), readLong(i), readFlags(i), readStrings(i))),
          type(
              12,
              "message.expunged",
              MessageEvent.Expunged.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeLongs(o, e.uids());
              },
              (v, i) -> new MessageEvent.Expunged(readLong(i), readLongs(i))),
          type(
              13,
              "message.restored",
              MessageEvent.Restored.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeLong(o, e.expungedUid());
                writeLong(o, e.newUid());
              },
              (v, i) -> new MessageEvent.Restored(readLong(i), readLong(i), readLong(i))),
          type(
              14,
              "message.purged",
              MessageEvent.Purged.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeLongs(o, e.uids());
              },
              (v, i) -> new MessageEvent.Purged(readLong(i), readLongs(i))),
          type(
              15,
              "message.forgotten",
              MessageEvent.Forgotten.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeLongs(o, e.uids());
              },
              (v, i) -> new MessageEvent.Forgotten(readLong(i), readLongs(i))),
          type(
              20,
              "acl.entry-set",
              AclEvent.EntrySet.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeString(o, e.identifier());
                writeString(o, e.rights());
              },
              (v, i) -> new AclEvent.EntrySet(readLong(i), readString(i), readString(i))),
          type(
              21,
              "acl.entry-removed",
              AclEvent.EntryRemoved.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeString(o, e.identifier());
              },
              (v, i) -> new AclEvent.EntryRemoved(readLong(i), readString(i))),
          type(
              30,
              "quota.limit-set",
              QuotaEvent.LimitSet.class,
              (e, o) -> {
                writeString(o, e.root());
                writeLong(o, e.storageBytes());
                writeLong(o, e.messages());
              },
              (v, i) -> new QuotaEvent.LimitSet(readString(i), readLong(i), readLong(i))),
          type(
              39,
              "quota.notified",
              QuotaEvent.Notified.class,
              (e, o) -> {
                writeString(o, e.root());
                writeString(o, e.rule());
                writeLong(o, e.percent());
              },
              (v, i) -> new QuotaEvent.Notified(readString(i), readString(i), (int) readLong(i))),
          type(
              40,
              "subscription.subscribed",
              SubscriptionEvent.Subscribed.class,
              (e, o) -> {
                writeString(o, e.user());
                writeString(o, e.mailbox());
              },
              (v, i) -> new SubscriptionEvent.Subscribed(readString(i), readString(i))),
          type(
              41,
              "subscription.unsubscribed",
              SubscriptionEvent.Unsubscribed.class,
              (e, o) -> {
                writeString(o, e.user());
                writeString(o, e.mailbox());
              },
              (v, i) -> new SubscriptionEvent.Unsubscribed(readString(i), readString(i))),
          type(
              50,
              "config.option-set",
              ConfigEvent.OptionSet.class,
              (e, o) -> {
                writeString(o, e.name());
                writeString(o, e.oldValue());
                writeString(o, e.newValue());
              },
              (v, i) -> new ConfigEvent.OptionSet(readString(i), readString(i), readString(i))),
          type(
              51,
              "config.option-deleted",
              ConfigEvent.OptionDeleted.class,
              (e, o) -> {
                writeString(o, e.name());
                writeString(o, e.oldValue());
              },
              (v, i) -> new ConfigEvent.OptionDeleted(readString(i), readString(i))),
          type(
              60,
              "directory.user-created",
              DirectoryEvent.UserCreated.class,
              (e, o) -> {
                writeString(o, e.userId());
                writeString(o, e.partition());
              },
              (v, i) -> new DirectoryEvent.UserCreated(readString(i), readString(i))),
          type(
              61,
              "directory.user-status-changed",
              DirectoryEvent.UserStatusChanged.class,
              (e, o) -> {
                writeString(o, e.userId());
                writeString(o, e.oldStatus());
                writeString(o, e.status());
              },
              (v, i) ->
                  new DirectoryEvent.UserStatusChanged(
                      readString(i), readString(i), readString(i))),
          type(
              62,
              "directory.user-moved",
              DirectoryEvent.UserMoved.class,
              (e, o) -> {
                writeString(o, e.userId());
                writeString(o, e.oldPartition());
                writeString(o, e.partition());
              },
              (v, i) -> new DirectoryEvent.UserMoved(readString(i), readString(i), readString(i))),
          type(
              63,
              "directory.user-entry-created",
              DirectoryEntryEvent.UserEntryCreated.class,
              (e, o) -> writeUser(o, e.user()),
              (v, i) -> new DirectoryEntryEvent.UserEntryCreated(readUser(i))),
          type(
              64,
              "directory.user-entry-modified",
              DirectoryEntryEvent.UserEntryModified.class,
              (e, o) -> writeUser(o, e.user()),
              (v, i) -> new DirectoryEntryEvent.UserEntryModified(readUser(i))),
          type(
              65,
              "directory.user-entry-deleted",
              DirectoryEntryEvent.UserEntryDeleted.class,
              (e, o) -> writeString(o, e.userName()),
              (v, i) -> new DirectoryEntryEvent.UserEntryDeleted(readString(i))),
          type(
              66,
              "directory.password-set",
              DirectoryEntryEvent.PasswordSet.class,
              (e, o) -> {
                writeString(o, e.userName());
                writeString(o, e.hash().encoded());
              },
              (v, i) ->
                  new DirectoryEntryEvent.PasswordSet(
                      readString(i), new PasswordHash(readString(i)))),
          type(
              67,
              "directory.domain-created",
              DirectoryEntryEvent.DomainCreated.class,
              (e, o) -> writeDomain(o, e.domain()),
              (v, i) -> new DirectoryEntryEvent.DomainCreated(readDomain(i))),
          type(
              68,
              "directory.domain-modified",
              DirectoryEntryEvent.DomainModified.class,
              (e, o) -> writeDomain(o, e.domain()),
              (v, i) -> new DirectoryEntryEvent.DomainModified(readDomain(i))),
          type(
              69,
              "directory.domain-deleted",
              DirectoryEntryEvent.DomainDeleted.class,
              (e, o) -> writeString(o, e.name()),
              (v, i) -> new DirectoryEntryEvent.DomainDeleted(readString(i))),
          type(
              70,
              "session.shared-mailbox-accessed",
              SessionEvent.SharedMailboxAccessed.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeString(o, e.userId());
              },
              (v, i) -> new SessionEvent.SharedMailboxAccessed(readLong(i), readString(i))),
          type(
              71,
              "session.shared-access-forgotten",
              SessionEvent.SharedAccessForgotten.class,
              (e, o) -> {
                writeLong(o, e.mailboxId());
                writeString(o, e.userId());
              },
              (v, i) -> new SessionEvent.SharedAccessForgotten(readLong(i), readString(i))),
          type(
              72,
              "session.user-accessed",
              SessionEvent.UserAccessed.class,
              (e, o) -> {
                writeString(o, e.userId());
                writeString(o, e.protocol());
                writeString(o, e.address());
                writeInt(o, e.login() ? 1 : 0);
              },
              (v, i) ->
                  new SessionEvent.UserAccessed(
                      readString(i), readString(i), readString(i), readInt(i) == 1)),
          type(
              80,
              "maintenance.refresh-requested",
              MaintenanceEvent.RefreshRequested.class,
              (e, o) -> writeString(o, e.service()),
              (v, i) -> new MaintenanceEvent.RefreshRequested(readString(i))),
          type(
              81,
              "maintenance.commits-voided",
              MaintenanceEvent.CommitsVoided.class,
              (e, o) -> {
                writeLong(o, e.firstIndex());
                writeLong(o, e.count());
                writeString(o, e.reason());
              },
              (v, i) ->
                  new MaintenanceEvent.CommitsVoided(readLong(i), readLong(i), readString(i))),
          type(
              82,
              "maintenance.disconnect-requested",
              MaintenanceEvent.DisconnectRequested.class,
              (e, o) -> {
                writeString(o, e.userId());
                writeString(o, e.service());
              },
              (v, i) -> new MaintenanceEvent.DisconnectRequested(readString(i), readString(i))),
          type(
              90,
              "directory.user-move-started",
              DirectoryEvent.UserMoveStarted.class,
              (e, o) -> {
                writeString(o, e.userId());
                writeString(o, e.host());
                writeString(o, e.partition());
                writeInt(o, e.extended() ? 1 : 0);
              },
              (v, i) ->
                  new DirectoryEvent.UserMoveStarted(
                      readString(i), readString(i), readString(i), readInt(i) == 1)),
          type(
              91,
              "directory.user-move-ended",
              DirectoryEvent.UserMoveEnded.class,
              (e, o) -> {
                writeString(o, e.userId());
                writeString(o, e.host());
                writeInt(o, e.moved() ? 1 : 0);
                writeString(o, e.reason());
              },
              (v, i) ->
                  new DirectoryEvent.UserMoveEnded(
                      readString(i), readString(i), readInt(i) == 1, readString(i))));

  private static final Map<Class<?>, EventType<?>> BY_CLASS = new HashMap<>();
  // by tag, in an array: a replay looks up every event's type (tags are small numbers)
  private static final EventType<?>[] BY_TAG;
  private static final Map<String, EventType<?>> BY_NAME = new HashMap<>();

  static {
    int maxTag = 0;
    for (EventType<?> t : TYPES) {
      maxTag = Math.max(maxTag, t.tag());
    }
    BY_TAG = new EventType<?>[maxTag + 1];
    for (EventType<?> t : TYPES) {
      if (BY_CLASS.put(t.type(), t) != null
          || BY_TAG[t.tag()] != null
          || BY_NAME.put(t.name(), t) != null) {
        throw new ExceptionInInitializerError("event type registered twice: " + t.name());
      }
      BY_TAG[t.tag()] = t;
    }
  }

  private EventRegistry() {}

  public static List<EventType<?>> types() {
    return TYPES;
  }

  public static EventType<?> of(Event event) {
    EventType<?> t = BY_CLASS.get(event.getClass());
    if (t == null) {
      throw new IllegalArgumentException("no codec registered for " + event.getClass());
    }
    return t;
  }

  public static String nameOf(Event event) {
    return of(event).name();
  }

  static EventType<?> byTag(int tag) {
    EventType<?> t = tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    if (t == null) {
      throw new CorruptCommitException(
          "unknown event tag " + tag + " (journal written by a newer msgstore?)");
    }
    return t;
  }

  /** Event type names as the journal's --type filter spells them, e.g. "message.appended". */
  public static boolean isKnownName(String name) {
    return BY_NAME.containsKey(name);
  }

  /**
   * Reads an event of {@code type}: what its reader reads. An append, most of a journal's events,
   * is read by a direct call: through its reader, a lambda, a cold replay's compiler made its
   * decoder three times over (inlined into the caller, in the lambda, and alone).
   */
  static Event read(EventType<?> type, int version, EventInput in) {
    return type.tag() == APPENDED ? readAppended(version, in) : type.reader().read(version, in);
  }

  private static MessageEvent.Appended readAppended(int version, EventInput i) {
    if (version != 1 && version != 2) {
      throw new CorruptCommitException("unknown version " + version + " of message.appended");
    }
    long mailboxId = readLong(i);
    long uid = readLong(i);
    var digest = readDigest(i);
    long size = readLong(i);
    int headerSize = readInt(i);
    long internalDate = readLong(i);
    long sentDate = readLong(i);
    var flags = readFlags(i);
    var keywords = readStrings(i);
    String messageId = readString(i);
    MessageEvent.Summary summary =
        version == 1
            ? MessageEvent.Summary.NONE
            : new MessageEvent.Summary(readString(i), readString(i), readString(i));
    return new MessageEvent.Appended(
        mailboxId,
        uid,
        digest,
        size,
        headerSize,
        internalDate,
        sentDate,
        flags,
        keywords,
        messageId,
        summary);
  }

  private static void writeUser(EventOutput o, DirectoryEntryEvent.UserEntry u) {
    writeString(o, u.uid());
    writeString(o, u.domain());
    writeString(o, u.mail());
    writeStrings(o, u.aliases());
    writeString(o, u.status());
    writeLong(o, u.quotaBytes());
    writeLong(o, u.quotaMessages());
    writeString(o, u.mailHost());
    writeString(o, u.partition());
  }

  private static DirectoryEntryEvent.UserEntry readUser(EventInput i) {
    return new DirectoryEntryEvent.UserEntry(
        readString(i),
        readString(i),
        readString(i),
        readStrings(i),
        readString(i),
        readLong(i),
        readLong(i),
        readString(i),
        readString(i));
  }

  private static void writeDomain(EventOutput o, DirectoryEntryEvent.DomainEntry d) {
    writeString(o, d.name());
    writeString(o, d.status());
    writeLong(o, d.quotaBytes());
    writeLong(o, d.quotaMessages());
    writeString(o, d.defaultPartition());
  }

  private static DirectoryEntryEvent.DomainEntry readDomain(EventInput i) {
    return new DirectoryEntryEvent.DomainEntry(
        readString(i), readString(i), readLong(i), readLong(i), readString(i));
  }

  private static <E extends Event> EventType<E> type(
      int tag,
      String name,
      Class<E> type,
      BiConsumer<E, EventOutput> writer,
      EventType.VersionedReader<E> reader) {
    return new EventType<>(tag, name, 1, type, writer, versionOne(name, reader));
  }

  private static <E> EventType.VersionedReader<E> versionOne(
      String name, EventType.VersionedReader<E> reader) {
    return (version, in) -> {
      if (version != 1) {
        throw new CorruptCommitException("unknown version " + version + " of " + name);
      }
      return reader.read(version, in);
    };
  }
}
