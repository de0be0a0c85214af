package dev.msgstore.services.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.daemon.ComponentFailure;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.ModifyUserEntry;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import dev.msgstore.store.purge.PurgeLock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge and sched components: their jobs run at the times their options name. */
class SchedComponentsTest {
  static final Author ADMIN = Author.of("test", "SchedComponentsTest");
  static final Clock NOW = Clock.fixed(Instant.parse("2027-01-05T14:37:00Z"), ZoneOffset.UTC);

  @TempDir Path root;
  Store store;
  final MeterRegistry registry = new SimpleMeterRegistry();

  DaemonContext daemon() {
    return new DaemonContext() {
      @Override
      public Path root() {
        return root;
      }

      @Override
      public Store store() {
        return store;
      }

      @Override
      public MeterRegistry registry() {
        return registry;
      }

      @Override
      public Map<String, Health> health() {
        return Map.of();
      }
    };
  }

  @BeforeEach
  void open() throws Exception {
    store = Store.open(root);
    for (String u : List.of("joe", "ann")) {
      store.execute(
          ADMIN,
          new CreateUserEntry(
              new DirectoryUser(
                  u,
                  "",
                  u + "@example.com",
                  List.of(),
                  UserStatus.ACTIVE,
                  0,
                  QuotaLimits.NONE,
                  "",
                  "",
                  ""),
              PasswordHash.NONE));
      store.append(
          ADMIN,
          "user/" + u + "/INBOX",
          new ByteArrayInputStream(
              ("Subject: " + u + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII)),
          AppendOptions.DEFAULT.creating());
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  boolean hasInbox(String user) {
    try (ProjectionReader r = store.read()) {
      return r.mailbox("user/" + user + "/INBOX").isPresent();
    }
  }

  @Test
  void schedRunsMsuserpurgeAtItsTime() {
    store.execute(ADMIN, new SetConfig("local.sched.userpurge", "0 2 * * * msuserpurge -g 0"));
    store.execute(ADMIN, new ModifyUserEntry("joe", u -> u.withStatus(UserStatus.DELETED, 0)));
    SchedComponent sched = new SchedComponent(NOW);
    sched.start(daemon());
    try {
      Scheduler.State s = sched.scheduler().states().get(0);
      assertEquals(ZonedDateTime.parse("2027-01-06T02:00Z"), s.next());
      assertEquals(List.of(), sched.scheduler().tick(ZonedDateTime.parse("2027-01-06T01:59Z")));
      assertTrue(hasInbox("joe"));
      assertEquals(
          List.of("userpurge"), sched.scheduler().tick(ZonedDateTime.parse("2027-01-06T02:00Z")));
      assertFalse(hasInbox("joe"), "msuserpurge ran");
      assertTrue(hasInbox("ann"));
      assertTrue(sched.health().ready(), sched.health().detail());
      // a refresh with a bad value keeps the old schedule and says why
      store.execute(ADMIN, new SetConfig("local.sched.userpurge", "0 2 * * * impurge -e"));
      IllegalArgumentException bad =
          assertThrows(IllegalArgumentException.class, () -> sched.refresh(store.config()));
      assertEquals(
          "local.sched.userpurge: runs msuserpurge, not 'impurge' (the old schedule stays)",
          bad.getMessage());
      assertEquals(1, sched.scheduler().states().size());
    } finally {
      sched.close();
    }
  }

  long messages(String mailbox) {
    try (ProjectionReader r = store.read()) {
      return r.mailbox(mailbox).map(m -> r.messages(m.id()).size()).orElse(-1);
    }
  }

  @Test
  void schedRunsImexpireAtItsTime() throws Exception {
    Path rules = root.resolve("joe.expirerule");
    java.nio.file.Files.writeString(
        rules, "Joe.folderpattern: user/joe/*\nJoe.messagecount: 0\n", StandardCharsets.UTF_8);
    store.execute(ADMIN, new SetConfig("local.sched.expire", "30 3 * * * imexpire -f " + rules));
    SchedComponent sched = new SchedComponent(NOW);
    sched.start(daemon());
    try {
      assertEquals(List.of(), sched.scheduler().tick(ZonedDateTime.parse("2027-01-06T03:29Z")));
      assertEquals(1, messages("user/joe/INBOX"));
      assertEquals(
          List.of("expire"), sched.scheduler().tick(ZonedDateTime.parse("2027-01-06T03:30Z")));
      assertEquals(0, messages("user/joe/INBOX"), "imexpire ran");
      assertEquals(1, messages("user/ann/INBOX"));
      assertTrue(sched.health().ready(), sched.health().detail());
    } finally {
      sched.close();
    }
  }

  @Test
  void aBadScheduleStopsTheStart() {
    store.execute(ADMIN, new SetConfig("local.purge.schedule", "0 */0 * * *"));
    ComponentFailure f =
        assertThrows(ComponentFailure.class, () -> new PurgeComponent(NOW).start(daemon()));
    assertEquals(
        "purge: local.purge.schedule: hour field '*/0': a step is 1 or more", f.getMessage());
  }

  @Test
  void purgeRunsAPassOnItsScheduleUnlessImpurgeHoldsTheLock() {
    store.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(1L)));
    PurgeComponent purge = new PurgeComponent(NOW);
    purge.start(daemon());
    try {
      assertEquals(
          ZonedDateTime.parse("2027-01-05T15:00Z"), purge.scheduler().states().get(0).next());
      PurgeLock held = PurgeLock.take(root);
      purge.scheduler().tick(ZonedDateTime.parse("2027-01-05T15:00Z"));
      held.close();
      assertEquals(1, expunged(), "the lock was held: nothing purged");
      purge.scheduler().tick(ZonedDateTime.parse("2027-01-05T16:00Z"));
      assertEquals(0, expunged());
      assertTrue(purge.health().ready(), purge.health().detail());
    } finally {
      purge.close();
    }
  }

  long expunged() {
    try (ProjectionReader r = store.read()) {
      long[] n = {0};
      r.forEachExpunged(x -> ++n[0] > 0);
      return n[0];
    }
  }
}
