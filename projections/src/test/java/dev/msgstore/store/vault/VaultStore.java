package dev.msgstore.store.vault;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.Purge;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.purge.Relinker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * A generated store whose deleted messages are known, for undelete's queries. Times are relative to
 * now (the relinker judges the retention by the system clock): the store's clock is set to each
 * instant before the change made then.
 *
 * <pre>
 * m1 INBOX        alice, "Quarterly report"   arrived now-40d  expunged now-4d (not purged)
 * m2 INBOX        bob, cc carol, "Lunch?"     arrived now-30d  expunged and purged now-5d
 * m3 INBOX        alice, "Re: Quarterly REPORT" arrived now-20d, 10 KB  never deleted
 * m4 Projects     alice, "Plan", 5 KB         arrived now-35d  folder deleted now-2d
 * m5 Projects     dave, "Café meeting" (RFC 2047) arrived now-25d  expunged now-3d, then folder deleted
 * m6 Archive/2025 alice, "old"                arrived now-400d expunged and purged now-10d; body reclaimed
 * </pre>
 *
 * {@code store.vault.retention} is 7 days and a relinker -d has run: m6's body is gone.
 */
final class VaultStore {
  static final Author ADMIN = Author.of("admin", "VaultStore");
  static final long DAY = 86_400_000L;

  final Instant now = Instant.now();
  final TestClock clock = new TestClock(now);
  Store store;

  VaultStore(Path root) throws Exception {
    // The journal's times only go forward: the appends are committed before every change below.
    at(401);
    store = Store.open(root, clock);
    long m1 =
        append(
            "INBOX",
            1,
            "Alice <alice@a.example>",
            "joe@x.example",
            "",
            "Quarterly report",
            40,
            300);
    long m2 =
        append("INBOX", 2, "bob@b.example", "joe@x.example", "carol@c.example", "Lunch?", 30, 200);
    append("INBOX", 3, "alice@a.example", "joe@x.example", "", "Re: Quarterly REPORT", 20, 10_000);
    append("Projects", 4, "alice@a.example", "team@x.example", "", "Plan", 35, 5_000);
    long m5 =
        append(
            "Projects",
            5,
            "dave@d.example",
            "joe@x.example",
            "",
            "=?UTF-8?Q?Caf=C3=A9?= meeting",
            25,
            400);
    long m6 = append("Archive/2025", 6, "alice@a.example", "joe@x.example", "", "old", 400, 100);
    store.execute(ADMIN, new SetConfig(VaultRetention.OPTION, "7"));
    at(10);
    store.execute(ADMIN, new Expunge("user/joe/Archive/2025", List.of(m6)));
    store.execute(ADMIN, new Purge("user/joe/Archive/2025", Long.MAX_VALUE));
    at(5);
    store.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(m2)));
    store.execute(ADMIN, new Purge("user/joe/INBOX", Long.MAX_VALUE));
    at(4);
    store.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(m1)));
    at(3);
    store.execute(ADMIN, new Expunge("user/joe/Projects", List.of(m5)));
    at(2);
    store.execute(ADMIN, new DeleteMailbox("user/joe/Projects"));
    clock.now = now;
    store.close(); // the relinker compacts sealed segments: closing seals the last
    store = Store.open(root, clock);
    new Relinker(store, ADMIN).run("primary", true, () -> {}, line -> {});
  }

  private void at(int daysAgo) {
    clock.now = now.minusMillis(daysAgo * DAY);
  }

  static String text(int n, String from, String to, String cc, String subject, int size) {
    String head =
        "From: "
            + from
            + "\r\nTo: "
            + to
            + (cc.isEmpty() ? "" : "\r\nCc: " + cc)
            + "\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <m"
            + n
            + "@a>\r\n\r\n";
    return head + "x".repeat(Math.max(0, size - head.length()));
  }

  /** Appends message {@code n} (flagged \Deleted) to folder of joe; returns its UID. */
  private long append(
      String folder,
      int n,
      String from,
      String to,
      String cc,
      String subject,
      int daysAgo,
      int size)
      throws Exception {
    byte[] body = text(n, from, to, cc, subject, size).getBytes(StandardCharsets.UTF_8);
    return store
        .append(
            ADMIN,
            "user/joe/" + folder,
            new ByteArrayInputStream(body),
            new AppendOptions(
                Set.of(SystemFlag.DELETED, SystemFlag.SEEN),
                List.of(),
                now.toEpochMilli() - daysAgo * DAY,
                true,
                false))
        .eventsOf(MessageEvent.Appended.class)
        .get(0)
        .uid();
  }

  /** The Message-IDs of {@code hits}, without brackets, in order. */
  static List<String> ids(List<VaultHit> hits) {
    return hits.stream().map(h -> h.message().messageId().replaceAll("[<>]|@a", "")).toList();
  }

  long vaultCount() {
    try (ProjectionReader r = store.read()) {
      long[] n = {0};
      r.forEachVaulted(
          v -> {
            n[0]++;
            return true;
          });
      return n[0];
    }
  }

  static final class TestClock extends Clock {
    volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
