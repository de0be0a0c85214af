package dev.msgstore.store.expire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.ChildJava;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * imexpire killed with SIGKILL at random points of its run, 20 rounds (seeded): nothing it should
 * have kept is lost, a moved message is in exactly one of its folders, and each mailbox's expiry is
 * all or nothing (this round's doomed messages in a mailbox are all gone or all there).
 */
class ExpireKillTest {
  static final int ROUNDS = 20;
  static final int USERS = 12;
  static final Author ADMIN = Author.of("admin", "ExpireKillTest");
  static final String RULES =
      """
      Drop.folderpattern: user/*/INBOX
      Drop.messageheader.subject: drop *
      Move.folderpattern: user/*/Work
      Move.messageheader.subject: move *
      Move.action: fileinto:Old
      """;

  @TempDir Path root;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path logs;

  /** Subjects delivered, by the mailbox they went to. */
  final Map<String, List<String>> keeps = new HashMap<>();

  final Set<String> moves = new HashSet<>();

  @Test
  void aKilledRunLosesNothingItShouldHaveKept() throws Exception {
    Path rules = logs.resolve("rules");
    Files.writeString(rules, RULES);
    Random rnd = new Random(16);
    Map<String, List<String>> drops = deliver(0);
    long fullRunMillis = runToTheEnd(rules);
    verify(drops, true);
    int killedMidway = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      drops = deliver(round);
      Process child = start(rules);
      List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
      Thread reader = new Thread(() -> read(child, lines, started));
      reader.start();
      assertTrue(started.await(120, TimeUnit.SECONDS), "see " + logs);
      Thread.sleep(rnd.nextLong(Math.max(1, fullRunMillis + fullRunMillis / 4)));
      child.destroyForcibly();
      child.waitFor();
      reader.join();
      if (lines.stream().noneMatch(l -> l.startsWith("DONE "))) {
        killedMidway++;
      }
      verify(drops, false);
    }
    assertTrue(killedMidway >= ROUNDS / 4, "only " + killedMidway + " kills landed mid-run");
    runToTheEnd(rules);
    verify(Map.of(), true);
  }

  private static void read(
      Process child, List<String> lines, java.util.concurrent.CountDownLatch started) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      for (String l = out.readLine(); l != null; l = out.readLine()) {
        lines.add(l);
        if (l.equals("STARTED")) {
          started.countDown();
        }
      }
    } catch (java.io.IOException killed) {
      // what was read is what the child said before it died
    }
  }

  private Process start(Path rules) throws Exception {
    return new ProcessBuilder(
            ChildJava.command(
                List.of("-Xmx256m"), ExpireLoop.class.getName(), root.toString(), rules.toString()))
        .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("children.log").toFile()))
        .start();
  }

  private long runToTheEnd(Path rules) throws Exception {
    Process child = start(rules);
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
    assertEquals("STARTED", out.readLine(), "see " + logs);
    String done = out.readLine();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS));
    assertTrue(done != null && done.startsWith("DONE "), "see " + logs);
    return Long.parseLong(done.substring(5));
  }

  /** Round {@code round}'s messages: kept, doomed and moved ones in each user's folders. */
  private Map<String, List<String>> deliver(int round) throws Exception {
    Map<String, List<String>> drops = new HashMap<>();
    try (Store s = Store.open(root)) {
      for (int u = 0; u < USERS; u++) {
        String inbox = "user/u" + u + "/INBOX";
        for (int i = 0; i < 3; i++) {
          String keep = "keep " + round + "." + i;
          append(s, inbox, keep);
          keeps.computeIfAbsent(inbox, k -> new ArrayList<>()).add(keep);
          String drop = "drop " + round + "." + i;
          append(s, inbox, drop);
          drops.computeIfAbsent(inbox, k -> new ArrayList<>()).add(drop);
        }
        String move = "move " + round + " u" + u;
        append(s, "user/u" + u + "/Work", move);
        moves.add(move);
      }
    }
    return drops;
  }

  private static void append(Store s, String mailbox, String subject) throws Exception {
    String text = "From: a@example.com\r\nSubject: " + subject + "\r\n\r\nbody " + subject + "\r\n";
    InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    s.append(ADMIN, mailbox, in, AppendOptions.DEFAULT.creating())
        .eventsOf(MessageEvent.Appended.class);
  }

  /** Opens the store as after a crash (no repair) and checks what survived. */
  private void verify(Map<String, List<String>> roundDrops, boolean finished) throws Exception {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      Map<String, Integer> moved = new HashMap<>();
      for (int u = 0; u < USERS; u++) {
        String inbox = "user/u" + u + "/INBOX";
        List<String> subjects = subjects(s, r, inbox);
        for (String keep : keeps.get(inbox)) {
          assertTrue(subjects.contains(keep), inbox + " lost " + keep);
        }
        List<String> dropsLeft = subjects.stream().filter(x -> x.startsWith("drop ")).toList();
        if (finished) {
          assertEquals(List.of(), dropsLeft, inbox);
        } else if (!dropsLeft.isEmpty()) {
          assertTrue(
              dropsLeft.containsAll(roundDrops.get(inbox)),
              inbox + ": half an expiry: " + dropsLeft + " of " + roundDrops.get(inbox));
        }
        for (String folder : List.of("Work", "Old")) {
          for (String x : subjects(s, r, "user/u" + u + "/" + folder)) {
            moved.merge(x, 1, Integer::sum);
          }
        }
      }
      for (String m : moves) {
        assertEquals(1, moved.getOrDefault(m, 0), m + " must be in Work or Old, once");
      }
    }
  }

  private static List<String> subjects(Store s, ProjectionReader r, String mailbox)
      throws Exception {
    MailboxRecord m = r.mailbox(mailbox).orElse(null);
    if (m == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (MessageRecord msg : r.messages(m.id())) {
      try (InputStream in = s.openMessage(m, msg)) {
        String head = new String(in.readNBytes(msg.headerSize()), StandardCharsets.UTF_8);
        int at = head.indexOf("Subject: ");
        out.add(head.substring(at + 9, head.indexOf('\r', at)));
      }
    }
    return out;
  }
}
