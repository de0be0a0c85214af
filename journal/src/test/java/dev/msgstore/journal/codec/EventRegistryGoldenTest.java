package dev.msgstore.journal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.body.Digest;
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
import dev.msgstore.journal.event.SystemFlag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Pins the persisted format: every registered event type's tag, name, version and the exact bytes
 * of a sample. A failure here means a journal written before this change may no longer read: add a
 * new version instead of editing a codec.
 */
class EventRegistryGoldenTest {
  static final Digest DIGEST =
      Digest.parse("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

  static final DirectoryEntryEvent.UserEntry USER =
      new DirectoryEntryEvent.UserEntry(
          "kim",
          "example.org",
          "kim.lee@example.org",
          List.of("sales@example.org"),
          "active",
          5_000_000,
          -1,
          "",
          "two");
  static final DirectoryEntryEvent.DomainEntry DOMAIN =
      new DirectoryEntryEvent.DomainEntry("example.org", "active", 1L << 30, -1, "two");

  static List<Event> samples() {
    return List.of(
        new MailboxEvent.Created(7, "user/joe/INBOX", "primary", 1_700_000_000L),
        new MailboxEvent.Renamed(7, "user/joe/a", "user/joe/b", "primary", "secondary"),
        new MailboxEvent.Deleted(7, "user/joe/b"),
        new MailboxEvent.SpecialUseSet(7, "user/joe/Sent", List.of("\\Sent")),
        new MessageEvent.Appended(
            7,
            42,
            DIGEST,
            5120,
            731,
            1_700_000_000_123L,
            1_699_999_999_000L,
            EnumSet.of(SystemFlag.SEEN, SystemFlag.FLAGGED),
            List.of("$Label1", "work"),
            "<a@b.example>",
            new MessageEvent.Summary(
                "Ann <ann@b.example>", "joe@c.example, kim@c.example", "Caf\u00e9 at 10")),
        new MessageEvent.FlagsStored(7, 42, EnumSet.of(SystemFlag.DELETED), List.of()),
        new MessageEvent.Expunged(7, List.of(1L, 2L, 300L)),
        new MessageEvent.Restored(7, 2, 301),
        new MessageEvent.Purged(7, List.of(1L, 300L)),
        new MessageEvent.Forgotten(7, List.of(1L, 300L)),
        new AclEvent.EntrySet(7, "anyone", "lrs"),
        new AclEvent.EntryRemoved(7, "anyone"),
        new QuotaEvent.LimitSet("joe", 10_485_760, QuotaEvent.UNLIMITED),
        new QuotaEvent.Notified("joe", "rule2", 80),
        new SubscriptionEvent.Subscribed("joe", "user/joe/Sent"),
        new SubscriptionEvent.Unsubscribed("joe", "user/joe/Sent"),
        new ConfigEvent.OptionSet("store.cleanupage", "", "24"),
        new ConfigEvent.OptionDeleted("store.cleanupage", "24"),
        new DirectoryEvent.UserCreated("joe", "primary"),
        new DirectoryEvent.UserStatusChanged("joe", "active", "inactive"),
        new SessionEvent.SharedMailboxAccessed(7, "ann"),
        new MaintenanceEvent.RefreshRequested("imap"),
        new DirectoryEvent.UserMoved("joe", "primary", "second"),
        new SessionEvent.SharedAccessForgotten(7, "ann"),
        new MaintenanceEvent.CommitsVoided(0x513500000004L, 1, "torn"),
        new SessionEvent.UserAccessed("joe", "pop", "127.0.0.1", true),
        new MaintenanceEvent.DisconnectRequested("joe", "*"),
        new DirectoryEntryEvent.UserEntryCreated(USER),
        new DirectoryEntryEvent.UserEntryModified(USER),
        new DirectoryEntryEvent.UserEntryDeleted("kim@example.org"),
        new DirectoryEntryEvent.PasswordSet(
            "kim@example.org", new PasswordHash("pbkdf2-sha256$1$c2FsdA$a2V5")),
        new DirectoryEntryEvent.DomainCreated(DOMAIN),
        new DirectoryEntryEvent.DomainModified(DOMAIN),
        new DirectoryEntryEvent.DomainDeleted("example.org"),
        new DirectoryEvent.UserMoveStarted("joe", "mail2.example.org", "second", true),
        new DirectoryEvent.UserMoveEnded("joe", "mail2.example.org", false, "copy: exit 1"));
  }

  static String line(Event e) {
    EventType<?> t = EventRegistry.of(e);
    byte[] bytes = encoded(e);
    return t.tag() + " " + t.name() + " v" + t.version() + " " + HexFormat.of().formatHex(bytes);
  }

  /** The bytes a commit holds for {@code e}, written as {@link CommitCodec#encode} writes them. */
  static byte[] encoded(Event e) {
    EventOutput out = new EventOutput(64);
    CommitCodec.encodeEvent(e, out);
    return out.toByteArray();
  }

  @Test
  void everyRegisteredTypeHasASample() {
    Set<Class<?>> sampled = new java.util.HashSet<>();
    samples().forEach(e -> sampled.add(e.getClass()));
    for (EventType<?> t : EventRegistry.types()) {
      assertTrue(sampled.contains(t.type()), "no golden sample for " + t.name());
    }
  }

  /** The golden file's lines by "tag name vN": one per version ever written of each type. */
  private Map<String, String> golden() throws IOException {
    Map<String, String> golden = new LinkedHashMap<>();
    try (InputStream in = getClass().getResourceAsStream("/event-registry.golden")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String l : text.split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) {
          golden.put(l.substring(0, l.indexOf(' ', l.indexOf(" v") + 1)), l);
        }
      }
    }
    return golden;
  }

  @Test
  void encodingsMatchTheGoldenFile() throws IOException {
    Map<String, String> golden = golden();
    List<String> actual = new ArrayList<>();
    for (Event e : samples()) {
      String l = line(e);
      actual.add(l);
      assertEquals(
          golden.get(l.substring(0, l.indexOf(' ', l.indexOf(" v") + 1))), l, "format of " + e);
    }
    long current =
        golden.keySet().stream()
            .filter(
                k -> {
                  EventType<?> t = EventRegistry.byTag(Integer.parseInt(k.split(" ")[0]));
                  return k.endsWith(" v" + t.version());
                })
            .count();
    assertEquals(current, actual.size(), "golden file lists types that no longer exist");
  }

  /**
   * A line of an older version stays readable: message.appended v1 (before the summary) reads as
   * the sample without one.
   */
  @Test
  void olderVersionsStillDecode() throws IOException {
    Map<String, String> golden = golden();
    for (String l : golden.values()) {
      String[] f = l.split(" ");
      EventType<?> t = EventRegistry.byTag(Integer.parseInt(f[0]));
      if (f[2].equals("v" + t.version())) {
        continue;
      }
      Bytes<?> b = Bytes.allocateElasticOnHeap(64);
      b.write(HexFormat.of().parseHex(f[3]));
      Event e = CommitCodec.decodeEvent(b);
      assertEquals(t.type(), e.getClass(), l);
      if (e instanceof MessageEvent.Appended a) {
        MessageEvent.Appended sample =
            (MessageEvent.Appended)
                samples().stream()
                    .filter(MessageEvent.Appended.class::isInstance)
                    .findFirst()
                    .get();
        assertEquals(MessageEvent.Summary.NONE, a.summary());
        assertEquals(
            new MessageEvent.Appended(
                sample.mailboxId(),
                sample.uid(),
                sample.digest(),
                sample.size(),
                sample.headerSize(),
                sample.internalDate(),
                sample.sentDate(),
                sample.flags(),
                sample.keywords(),
                sample.messageId()),
            a);
      }
    }
  }

  @Test
  void goldenBytesDecodeToTheSamples() {
    for (Event e : samples()) {
      assertEquals(e, CommitCodec.decodeEvent(Bytes.wrapForRead(encoded(e))));
    }
  }
}
