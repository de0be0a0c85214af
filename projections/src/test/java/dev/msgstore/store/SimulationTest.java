package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.body.BodyCheck;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.command.CreateDomainEntry;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.command.DeleteDomainEntry;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.DeleteUserEntry;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.ForgetVaulted;
import dev.msgstore.store.command.ModifyUserEntry;
import dev.msgstore.store.command.Purge;
import dev.msgstore.store.command.RenameMailbox;
import dev.msgstore.store.command.RestoreExpunged;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetPassword;
import dev.msgstore.store.command.SetQuota;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.Entries;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import dev.msgstore.store.vault.Undeleter;
import dev.msgstore.store.vault.VaultHit;
import dev.msgstore.store.vault.VaultQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded simulation: random commands against a store, with the invariants checked after every
 * step (UIDs never repeat, quota equals the sum of sizes, every referenced body exists), restarts
 * and projection rebuilds along the way, and a replay of the journal that must give the same
 * projections as the live store.
 */
class SimulationTest {
  static final Author SIM = Author.of("sim", "SimulationTest");
  static final String[] USERS = {"ann", "bob", "cy"};

  @TempDir Path root;

  /** Per mailbox id: every UID ever seen, and those seen once and gone since. */
  final Map<Long, Set<Long>> seen = new HashMap<>();

  final Map<Long, Set<Long>> gone = new HashMap<>();

  /** Messages undelete brought back. */
  int undeleted;

  @Test
  void randomCommandsKeepTheInvariantsAndReplayToTheSameState() throws IOException {
    Random rnd = new Random(20261128);
    Random directoryRnd = new Random(20261203);
    Random vaultRnd = new Random(20261204);
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    Store s = Store.open(root, clock);
    int accepted = 0;
    int directoryAccepted = 0;
    try {
      for (int step = 0; step < 600; step++) {
        try {
          randomCommand(s, rnd);
          accepted++;
        } catch (Rejected expected) {
          // Random commands are often invalid; a rejection must simply change nothing.
        }
        try {
          randomDirectoryCommand(s, directoryRnd);
          directoryAccepted++;
        } catch (Rejected expected) {
          // duplicate addresses, unknown users and domains: refused, nothing written
        }
        try {
          randomVaultCommand(s, vaultRnd);
        } catch (Rejected expected) {
          // a folder name taken by another user's mailbox, or the like
        }
        checkInvariants(s);
        if (step % 150 == 149) {
          s.close();
          if (rnd.nextBoolean()) {
            FileTrees.delete(StoreLayout.projections(root));
          }
          s = Store.open(root, clock);
          checkInvariants(s);
        }
      }
      assertTrue(accepted > 250, "the simulation mostly did things: " + accepted);
      assertTrue(directoryAccepted > 100, "directory changes accepted: " + directoryAccepted);
      assertTrue(undeleted > 10, "messages undeleted: " + undeleted);
      try (ProjectionReader r = s.read()) {
        assertTrue(r.messageCount() > 20, "messages at the end: " + r.messageCount());
      }
      String live = dump(s);
      s.close();
      FileTrees.delete(StoreLayout.projections(root));
      s = Store.open(root, clock);
      assertEquals(live, dump(s), "replaying the journal must rebuild identical projections");
    } finally {
      s.close();
    }
  }

  private void randomCommand(Store s, Random rnd) throws IOException {
    String user = USERS[rnd.nextInt(USERS.length)];
    String folder = rnd.nextInt(4) == 0 ? "INBOX" : "f" + rnd.nextInt(4);
    String name = "user/" + user + "/" + folder;
    switch (rnd.nextInt(10)) {
      case 0 -> s.execute(SIM, new CreateMailbox(name, null));
      case 1, 2, 3 -> {
        byte[] body =
            ("From: "
                    + user
                    + "@sim\r\nSubject: in "
                    + folder
                    + "\r\nMessage-ID: <"
                    + rnd.nextInt(50)
                    + "@sim>\r\n\r\n"
                    + "x".repeat(rnd.nextInt(300)))
                .getBytes(StandardCharsets.US_ASCII);
        s.append(
            SIM,
            name,
            new ByteArrayInputStream(body),
            new AppendOptions(Set.of(), List.of(), 0, rnd.nextBoolean(), false));
      }
      case 4 -> {
        List<Long> uids = someUids(s, name, rnd);
        s.execute(
            SIM,
            new StoreFlags(name, uids, StoreFlags.Mode.ADD, Set.of(SystemFlag.DELETED), List.of()));
      }
      case 5 -> s.execute(SIM, Expunge.deleted(name));
      case 6 -> s.execute(SIM, new RestoreExpunged(name, 0));
      case 7 -> s.execute(SIM, new Purge(name, Long.MAX_VALUE));
      case 8 ->
          s.execute(
              SIM,
              rnd.nextBoolean()
                  ? new DeleteMailbox(name)
                  : new RenameMailbox(name, "user/" + user + "/r" + rnd.nextInt(3), null));
      default ->
          s.execute(
              SIM,
              rnd.nextBoolean()
                  ? new SetQuota(user, 2000 + rnd.nextInt(4000), -1)
                  : new SetAcl(name, USERS[rnd.nextInt(USERS.length)], "lrs"));
    }
  }

  /**
   * Undelete and the vault's retention: a user's deleted messages (some of them) brought back into
   * their folders or into one, or a mailbox id's vaulted messages forgotten.
   */
  private void randomVaultCommand(Store s, Random rnd) throws IOException {
    if (rnd.nextInt(4) != 0) {
      return;
    }
    String user = USERS[rnd.nextInt(USERS.length)];
    Undeleter undeleter = new Undeleter(s, SIM);
    List<VaultHit> hits = undeleter.find(user, VaultQuery.ALL);
    if (hits.isEmpty()) {
      return;
    }
    if (rnd.nextInt(3) == 0) {
      s.execute(
          SIM,
          new ForgetVaulted(
              hits.get(rnd.nextInt(hits.size())).message().mailboxId(), Long.MAX_VALUE));
      return;
    }
    List<VaultHit> some = hits.stream().filter(h -> rnd.nextBoolean()).toList();
    undeleted += undeleter.restore(user, some, rnd.nextBoolean() ? null : "back").size();
  }

  /** Embedded directory changes over a few names and a few shared addresses, so some collide. */
  private static void randomDirectoryCommand(Store s, Random rnd) {
    String[] addresses = {"a@x.example", "b@X.Example", "c@x.example", "d@y.example"};
    String domain = rnd.nextInt(3) == 0 ? "x.example" : "";
    String uid = USERS[rnd.nextInt(USERS.length)];
    String name = domain.isEmpty() ? uid : uid + "@" + domain;
    List<String> aliases =
        rnd.nextBoolean() ? List.of() : List.of(addresses[rnd.nextInt(addresses.length)]);
    UserStatus status = UserStatus.values()[rnd.nextInt(UserStatus.values().length)];
    switch (rnd.nextInt(7)) {
      case 0, 1 ->
          s.execute(
              SIM,
              new CreateUserEntry(
                  new DirectoryUser(
                      uid,
                      domain,
                      addresses[rnd.nextInt(addresses.length)],
                      aliases,
                      status,
                      0,
                      new QuotaLimits(rnd.nextInt(5000) - 1, -1),
                      "",
                      "",
                      ""),
                  PasswordHash.NONE));
      case 2, 3 ->
          s.execute(
              SIM,
              new ModifyUserEntry(
                  name,
                  u ->
                      new DirectoryUser(
                          u.uid(),
                          u.domain(),
                          u.mail(),
                          aliases.contains(u.mail()) ? List.of() : aliases,
                          status,
                          0,
                          u.quota().withBytes(rnd.nextInt(5000)),
                          u.mailHost(),
                          u.partition(),
                          "")));
      case 4 -> s.execute(SIM, new DeleteUserEntry(name));
      case 5 -> s.execute(SIM, new SetPassword(name, new PasswordHash("pbkdf2-sha256$1$AA$AA")));
      default ->
          s.execute(
              SIM,
              rnd.nextBoolean()
                  ? new CreateDomainEntry(
                      new DirectoryDomain(
                          "x.example", DomainStatus.ACTIVE, 0, QuotaLimits.NONE, ""))
                  : new DeleteDomainEntry("x.example"));
    }
  }

  private static List<Long> someUids(Store s, String name, Random rnd) {
    try (ProjectionReader r = s.read()) {
      return r.mailbox(name).map(m -> r.messages(m.id())).orElse(List.of()).stream()
          .map(MessageRecord::uid)
          .filter(u -> rnd.nextBoolean())
          .toList();
    }
  }

  private void checkInvariants(Store s) throws IOException {
    try (ProjectionReader r = s.read()) {
      Map<String, long[]> usage = new HashMap<>();
      for (MailboxRecord m : r.mailboxes("")) {
        long bytes = 0;
        long count = 0;
        long maxUid = 0;
        Set<Long> current = new HashSet<>();
        for (MessageRecord msg : r.messages(m.id())) {
          current.add(msg.uid());
          bytes += msg.size();
          count++;
          maxUid = Math.max(maxUid, msg.uid());
          assertTrue(
              s.bodies(m.partition()).verify(msg.digest()) == BodyCheck.OK,
              "body of " + m.name() + " uid " + msg.uid());
        }
        Set<Long> wasSeen = seen.computeIfAbsent(m.id(), k -> new HashSet<>());
        Set<Long> wasGone = gone.computeIfAbsent(m.id(), k -> new HashSet<>());
        for (long uid : current) {
          assertTrue(!wasGone.contains(uid), "UID " + uid + " of " + m.name() + " came back");
        }
        for (long uid : wasSeen) {
          if (!current.contains(uid)) {
            wasGone.add(uid);
          }
        }
        wasSeen.addAll(current);
        // RFC 7162: every message has a MODSEQ no higher than the mailbox's HIGHESTMODSEQ, and an
        // expunged UID is still known as such (VANISHED must never miss one)
        long highest = r.highestModSeq(m.id());
        Set<Long> withModSeq = new HashSet<>();
        r.forEachModSeq(
            m.id(),
            q -> {
              assertTrue(q.modSeq() > 0 && q.modSeq() <= highest, "MODSEQ of " + q);
              assertEquals(!current.contains(q.uid()), q.expunged(), "expunged mark of " + q);
              withModSeq.add(q.uid());
              return true;
            });
        assertTrue(withModSeq.containsAll(wasGone), "VANISHED would miss one of " + wasGone);
        assertTrue(withModSeq.containsAll(current), "a message without MODSEQ in " + m.name());
        assertEquals(count, m.messages(), "message count of " + m.name());
        assertEquals(bytes, m.bytes(), "bytes of " + m.name());
        assertTrue(m.uidNext() > maxUid, "UIDNEXT beyond every UID of " + m.name());
        long[] u = usage.computeIfAbsent(m.owner().orElse(""), k -> new long[2]);
        u[0] += bytes;
        u[1] += count;
      }
      checkDirectory(r);
      checkVault(r);
      for (String user : USERS) {
        QuotaRecord q = r.quota(user);
        long[] u = usage.getOrDefault(user, new long[2]);
        assertEquals(u[0], q.usedBytes(), "quota bytes of " + user);
        assertEquals(u[1], q.usedMessages(), "quota messages of " + user);
      }
    }
  }

  /**
   * A vaulted message is in no mailbox and no expunge ledger under its id and UID, and its owner's
   * index leads to it.
   */
  private static void checkVault(ProjectionReader r) {
    long[] all = {0};
    r.forEachVaulted(
        v -> {
          long id = v.message().mailboxId();
          long uid = v.message().uid();
          assertTrue(r.message(id, uid).isEmpty(), "vaulted and live: " + v);
          assertTrue(r.expunged(id, uid).isEmpty(), "vaulted and expunged: " + v);
          all[0]++;
          return true;
        });
    long[] owned = {0};
    for (String user : USERS) {
      r.forEachVaulted(
          user,
          v -> {
            owned[0]++;
            return true;
          });
    }
    assertEquals(all[0], owned[0], "vaulted messages not listed under their owner");
  }

  /**
   * The address index and the users agree: each user's every address leads to them, each indexed
   * address belongs to the user it leads to (so no address is two users'), and every hosted user's
   * domain exists.
   */
  private static void checkDirectory(ProjectionReader r) {
    Map<String, String> index = new HashMap<>();
    r.forEachDirectoryAddress((a, n) -> index.put(a, n) == null);
    int[] addresses = {0};
    r.forEachDirectoryUser(
        "",
        e -> {
          DirectoryUser u = Entries.user(e);
          for (String a : u.addresses()) {
            assertEquals(u.name(), index.get(a), "the index entry of " + a);
            addresses[0]++;
          }
          if (!u.domain().isEmpty()) {
            assertTrue(r.directoryDomain(u.domain()).isPresent(), "the domain of " + u.name());
          }
          return true;
        });
    assertEquals(addresses[0], index.size(), "indexed addresses that no user has: " + index);
  }

  private static String dump(Store s) throws IOException {
    StringWriter w = new StringWriter();
    s.refresh();
    s.projections().dump(w);
    return w.toString();
  }
}
