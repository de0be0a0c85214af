package dev.msgstore.store.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.VaultedMessage;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.vault.Undeleter;
import dev.msgstore.store.vault.VaultHit;
import dev.msgstore.store.vault.VaultQuery;
import dev.msgstore.store.vault.VaultRetention;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store.vault.retention}: impurge keeps the body of a message deleted (its folder deleted,
 * or purged after its expunge) less than that many days ago, and reclaims it from exactly then on;
 * at 0 it reclaims at once, as before the vault.
 */
class VaultRetentionTest {
  static final Author ADMIN = Author.of("admin", "VaultRetentionTest");

  @TempDir Path root;

  /** Two messages: one in a folder that is then deleted, one expunged (and purged by the pass). */
  private Digest[] deleteSome() throws Exception {
    try (Store s = Store.open(root)) {
      Digest inFolder = PurgerTest.append(s, "user/joe/Old", PurgerTest.message("folder", 2000));
      Digest expunged = PurgerTest.append(s, "user/joe/INBOX", PurgerTest.message("gone", 2000));
      PurgerTest.append(s, "user/joe/INBOX", PurgerTest.message("live", 10));
      s.execute(
          ADMIN,
          new Expunge("user/joe/INBOX", List.of(PurgerTest.uid(s, "user/joe/INBOX", expunged))));
      s.execute(ADMIN, new DeleteMailbox("user/joe/Old"));
      return new Digest[] {inFolder, expunged};
    }
  }

  private static List<VaultedMessage> vaulted(Store s) {
    List<VaultedMessage> out = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      r.forEachVaulted(out::add);
    }
    return out;
  }

  private static Clock at(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  @Test
  void keptLessThanTheRetentionAgoReclaimedFromThen() throws Exception {
    Digest[] d = deleteSome();
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig(VaultRetention.OPTION, "2"));
      // the pass purges the expunged message now: into the vault, kept for 2 days from now
      new Purger(s, ADMIN, Clock.systemUTC(), line -> {}).pass();
      List<VaultedMessage> v = vaulted(s);
      assertEquals(2, v.size(), v.toString());
      long newest = v.stream().mapToLong(VaultedMessage::vaultedMicros).max().orElseThrow();
      long oldest = v.stream().mapToLong(VaultedMessage::vaultedMicros).min().orElseThrow();
      long twoDays = TimeUnit.DAYS.toMicros(2);
      // The last millisecond before the older one is 2 days old: both kept, both restorable.
      new Purger(s, ADMIN, at(Math.floorDiv(oldest + twoDays - 1, 1000)), line -> {}).pass();
      assertTrue(s.bodies("primary").contains(d[0]), "deleted with its folder under 2 days ago");
      assertTrue(s.bodies("primary").contains(d[1]), "purged under 2 days ago");
      List<VaultHit> hits = new Undeleter(s, ADMIN).find("joe", VaultQuery.ALL);
      assertEquals(List.of(true, true), hits.stream().map(VaultHit::restorable).toList());
      // Exactly 2 days after the folder's deletion (the older): its message goes, the other stays.
      Clock boundary = at(Math.floorDiv(oldest + twoDays + 999, 1000));
      assertTrue(newest > oldest, "the purge came after the deletion");
      new Purger(s, ADMIN, boundary, line -> {}).pass();
      assertFalse(s.bodies("primary").contains(d[0]), "deleted 2 days ago: reclaimed");
      assertTrue(s.bodies("primary").contains(d[1]), "purged later: still kept");
      assertEquals(1, vaulted(s).size(), "the older one is forgotten");
      assertEquals(d[1], vaulted(s).get(0).message().digest());
    }
  }

  @Test
  void atZeroEveryDeletedBodyIsReclaimedAtOnce() throws Exception {
    Digest[] d = deleteSome();
    try (Store s = Store.open(root)) {
      new Purger(s, ADMIN, Clock.systemUTC(), line -> {}).pass();
      assertFalse(s.bodies("primary").contains(d[0]), "the deleted folder's message");
      assertFalse(s.bodies("primary").contains(d[1]), "the purged message");
      assertEquals(List.of(), vaulted(s));
      assertEquals(List.of(), new Undeleter(s, ADMIN).find("joe", VaultQuery.ALL));
    }
  }

  @Test
  void relinkerKeepsWhatTheRetentionKeeps() throws Exception {
    Digest[] d = deleteSome();
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig(VaultRetention.OPTION, "1"));
      new Relinker(s, ADMIN).run("primary", true, () -> {}, line -> {});
      assertTrue(s.bodies("primary").contains(d[0]), "in the vault for under a day");
    }
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig(VaultRetention.OPTION, "0"));
      new Relinker(s, ADMIN).run("primary", true, () -> {}, line -> {});
      assertFalse(s.bodies("primary").contains(d[0]), "no retention: no message names it");
      List<VaultHit> hits = new Undeleter(s, ADMIN).find("joe", VaultQuery.ALL);
      assertEquals(
          List.of("user/joe/INBOX", "user/joe/Old"), hits.stream().map(VaultHit::mailbox).toList());
      assertTrue(hits.get(0).restorable(), "expunged, not purged: restorable whatever the vault");
      assertTrue(s.bodies("primary").contains(d[1]));
      assertFalse(hits.get(1).restorable(), "listed, its body gone");
    }
  }
}
