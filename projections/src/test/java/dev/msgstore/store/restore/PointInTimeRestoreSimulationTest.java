package dev.msgstore.store.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.Purge;
import dev.msgstore.store.command.RenameMailbox;
import dev.msgstore.store.command.RestoreExpunged;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.command.Subscribe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded simulation of point-in-time restore: random commands over simulated weeks (creates,
 * deletes, renames, appends, flags and keywords, expunges, restores of expunged messages, purges,
 * ACLs, subscriptions) on two accounts; at random instants a dump of joe's account is remembered.
 * At the end joe's account is restored to each remembered instant into a fresh folder, and the
 * restored tree must dump the same (folders, messages with their bodies, flags, keywords, ACLs,
 * subscriptions); then restored in place to the first instant, which must dump the same too; and a
 * restore to now must write nothing.
 */
class PointInTimeRestoreSimulationTest {
  static final Author SIM = Author.of("sim", "PointInTimeRestoreSimulationTest");
  static final String[] FOLDERS = {"INBOX", "f0", "f1", "f2", "f0/sub", "f1/sub"};
  static final String[] IDENTIFIERS = {"ann", "bob", "anyone"};
  static final String[] KEYWORDS = {"$Work", "proj", "$Junk"};

  /** A clock the simulation moves forward by hand. */
  static final class SimClock extends Clock {
    Instant now = Instant.parse("2026-10-01T08:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  record Remembered(int n, Instant at, String dump) {}

  @TempDir Path root;

  @Test
  void restoringToEachRememberedInstantGivesTheAccountAsItWas() throws IOException {
    Random rnd = new Random(20261203);
    SimClock clock = new SimClock();
    List<Remembered> remembered = new ArrayList<>();
    int accepted = 0;
    try (Store s = Store.open(root, clock)) {
      s.execute(SIM, new CreateMailbox("user/joe/INBOX", null));
      s.execute(SIM, new CreateMailbox("user/ann/INBOX", null));
      for (int step = 0; step < 700; step++) {
        clock.now = clock.now.plus(Duration.ofMinutes(1 + rnd.nextInt(60)));
        try {
          randomCommand(s, rnd);
          accepted++;
        } catch (Rejected expected) {
          // invalid random commands change nothing
        }
        if (step % 80 == 40) {
          remembered.add(new Remembered(remembered.size(), clock.now, dump(s, "user/joe/")));
        }
      }
      assertTrue(accepted > 350, "the simulation mostly did things: " + accepted);
      clock.now = clock.now.plus(Duration.ofDays(1));
      String nowDump = dump(s, "user/joe/");
      int changedSince = 0;
      for (Remembered r : remembered) {
        if (!r.dump().equals(nowDump)) {
          changedSince++;
        }
        RestoreResult done =
            PointInTimeRestore.run(
                s,
                SIM,
                new PointInTimeRestore.Request(
                    CommitMeta.micros(r.at()), List.of("user/joe"), "R" + r.n()),
                line -> {});
        assertEquals(0, done.lost().size(), "no body was reclaimed");
        assertEquals(
            r.dump(),
            dump(s, "user/joe/R" + r.n() + "/"),
            "restored into R" + r.n() + " as at " + r.at());
      }
      assertTrue(changedSince >= remembered.size() - 1, "the account kept changing");

      Remembered first = remembered.get(0);
      PointInTimeRestore.run(
          s,
          SIM,
          new PointInTimeRestore.Request(CommitMeta.micros(first.at()), List.of("user/joe"), null),
          line -> {});
      assertEquals(first.dump(), dump(s, "user/joe/"), "restored in place as at " + first.at());

      long last = s.journal().lastIndex();
      clock.now = clock.now.plus(Duration.ofMinutes(5));
      RestoreResult none =
          PointInTimeRestore.run(
              s,
              SIM,
              new PointInTimeRestore.Request(
                  CommitMeta.micros(clock.now), List.of("user/joe"), null),
              line -> {});
      assertEquals(0, none.changed());
      assertEquals(last, s.journal().lastIndex(), "a restore to now writes nothing");
    }
  }

  @Test
  void aMailboxRenamedInFromAnotherAccountComesBackWithItsHistory() throws IOException {
    SimClock clock = new SimClock();
    try (Store s = Store.open(root, clock)) {
      s.execute(SIM, new CreateMailbox("user/joe/INBOX", null));
      s.execute(SIM, new CreateMailbox("user/ann/Shared", null));
      s.append(
          SIM,
          "user/ann/Shared",
          new ByteArrayInputStream(
              "Message-ID: <s@sim>\r\n\r\nshared\r\n".getBytes(StandardCharsets.US_ASCII)),
          AppendOptions.DEFAULT);
      clock.now = clock.now.plus(Duration.ofHours(1));
      s.execute(SIM, new RenameMailbox("user/ann/Shared", "user/joe/Shared", null));
      clock.now = clock.now.plus(Duration.ofHours(1));
      Instant at = clock.now;
      String then = dump(s, "user/joe/");
      clock.now = clock.now.plus(Duration.ofHours(1));
      s.execute(SIM, new DeleteMailbox("user/joe/Shared"));
      clock.now = clock.now.plus(Duration.ofHours(1));
      RestoreResult r =
          PointInTimeRestore.run(
              s,
              SIM,
              new PointInTimeRestore.Request(CommitMeta.micros(at), List.of("user/joe"), null),
              line -> {});
      assertEquals(1, r.mailboxes().stream().filter(MailboxRestore::created).count());
      assertTrue(then.contains("<s@sim>"), then);
      assertEquals(then, dump(s, "user/joe/"));
    }
  }

  private static void randomCommand(Store s, Random rnd) throws IOException {
    String user = rnd.nextInt(4) == 0 ? "ann" : "joe";
    String name = "user/" + user + "/" + FOLDERS[rnd.nextInt(FOLDERS.length)];
    switch (rnd.nextInt(14)) {
      case 0 -> s.execute(SIM, new CreateMailbox(name, null));
      case 1, 2, 3, 4 -> {
        byte[] body =
            ("Message-ID: <" + rnd.nextInt(1000) + "@sim>\r\n\r\n" + "x".repeat(rnd.nextInt(200)))
                .getBytes(StandardCharsets.US_ASCII);
        s.append(
            SIM,
            name,
            new ByteArrayInputStream(body),
            new AppendOptions(flags(rnd), keywords(rnd), 0, rnd.nextInt(3) == 0, false));
      }
      case 5, 6 ->
          s.execute(
              SIM,
              new StoreFlags(
                  name,
                  someUids(s, name, rnd),
                  StoreFlags.Mode.REPLACE,
                  flags(rnd),
                  keywords(rnd)));
      case 7 -> s.execute(SIM, new Expunge(name, someUids(s, name, rnd)));
      case 8 -> s.execute(SIM, new RestoreExpunged(name, 0));
      case 9 -> {
        if (rnd.nextBoolean()) {
          s.execute(SIM, new DeleteMailbox(name));
        } else {
          String to = "user/" + user + "/" + FOLDERS[1 + rnd.nextInt(FOLDERS.length - 1)];
          s.execute(SIM, new RenameMailbox(name, to, null));
        }
      }
      case 10, 11 ->
          s.execute(
              SIM,
              new SetAcl(
                  name,
                  IDENTIFIERS[rnd.nextInt(IDENTIFIERS.length)],
                  rnd.nextInt(3) == 0 ? "" : rnd.nextBoolean() ? "lrs" : "lrswi"));
      case 12 -> {
        String who = rnd.nextBoolean() ? user : IDENTIFIERS[rnd.nextInt(2)];
        s.execute(SIM, new Subscribe(who, name, rnd.nextBoolean()));
      }
      default -> s.execute(SIM, new Purge(name, Long.MAX_VALUE));
    }
  }

  private static Set<SystemFlag> flags(Random rnd) {
    Set<SystemFlag> f = EnumSet.noneOf(SystemFlag.class);
    for (SystemFlag x :
        List.of(SystemFlag.SEEN, SystemFlag.DELETED, SystemFlag.FLAGGED, SystemFlag.ANSWERED)) {
      if (rnd.nextInt(3) == 0) {
        f.add(x);
      }
    }
    return f;
  }

  private static List<String> keywords(Random rnd) {
    List<String> k = new ArrayList<>();
    for (String x : KEYWORDS) {
      if (rnd.nextInt(4) == 0) {
        k.add(x);
      }
    }
    return k;
  }

  private static List<Long> someUids(Store s, String name, Random rnd) {
    try (ProjectionReader r = s.read()) {
      MailboxRecord m =
          r.mailbox(name).orElseThrow(() -> Rejected.notFound("no such mailbox: " + name));
      List<Long> uids = new ArrayList<>();
      for (MessageRecord msg : r.messages(m.id())) {
        if (rnd.nextInt(3) == 0) {
          uids.add(msg.uid());
        }
      }
      if (uids.isEmpty()) {
        throw Rejected.notFound("no messages chosen");
      }
      return uids;
    }
  }

  /**
   * Every mailbox under {@code prefix} (names relative to it, restore trees left out), with its
   * ACL, the subscriptions to it of its owner and of the identifiers in its ACL, and its messages
   * (as a sorted multiset: a message that came back has a new UID) each with its body's digest
   * checked against the body read from the store, size, Message-ID, flags and keywords.
   */
  static String dump(Store s, String prefix) {
    StringBuilder sb = new StringBuilder();
    try (ProjectionReader r = s.read()) {
      for (MailboxRecord m : r.mailboxes(prefix)) {
        String rel = m.name().substring(prefix.length());
        if (rel.matches("R[0-9]+/.*")) {
          continue;
        }
        sb.append("mailbox ").append(rel).append('\n');
        Set<String> users = new TreeSet<>(List.of("joe"));
        for (AclEntry e : r.acl(m.id())) {
          sb.append("  acl ").append(e.identifier()).append(' ').append(e.rights()).append('\n');
          users.add(e.identifier());
        }
        for (String u : users) {
          if (r.isSubscribed(u, m.name())) {
            sb.append("  subscribed ").append(u).append('\n');
          }
        }
        List<String> messages = new ArrayList<>();
        for (MessageRecord msg : r.messages(m.id())) {
          messages.add(
              "  message "
                  + bodyDigest(s, m, msg).hex()
                  + " "
                  + msg.size()
                  + " "
                  + msg.messageId()
                  + " "
                  + new TreeSet<>(msg.flags())
                  + " "
                  + msg.keywords());
        }
        messages.stream().sorted().forEach(x -> sb.append(x).append('\n'));
      }
    }
    return sb.toString();
  }

  private static Digest bodyDigest(Store s, MailboxRecord m, MessageRecord msg) {
    try (InputStream in = s.openMessage(m, msg)) {
      Digest read = Digest.sha256(in.readAllBytes());
      assertEquals(msg.digest(), read, m.name() + " UID " + msg.uid());
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
