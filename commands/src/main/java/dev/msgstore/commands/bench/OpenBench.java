package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.body.StoredBody;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A large store opened by a fresh JVM: wall time from process start to a user's mailbox list, and
 * the heap and resident memory it took.
 */
final class OpenBench {
  static final int FOLDERS = 5;

  record Probe(double wallSeconds, int mailboxes, long heapBytes, long rssKb) {}

  /**
   * Builds a store of {@code messages} messages over {@code users} users × {@code FOLDERS} folders.
   * The messages share a few real bodies (single-copy store) so that building it costs journal and
   * projection work, not gigabytes of disk.
   */
  static void build(Path root, int users, long messages) throws IOException {
    Author a = Author.of("bench", "msgstore bench build");
    try (Store s = Store.open(root)) {
      for (int u = 1; u <= users; u++) {
        for (int f = 0; f < FOLDERS; f++) {
          s.execute(a, new CreateMailbox("user/u" + u + "/" + (f == 0 ? "INBOX" : "f" + f), null));
        }
      }
      List<StoredBody> bodies = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        bodies.add(s.bodies("primary").put(BodySizes.message(5120, "bench", i)));
      }
      long[] nextUid = new long[users * FOLDERS + 1];
      List<Event> commit = new ArrayList<>(1000);
      for (long i = 0; i < messages; i++) {
        int mailbox = 1 + (int) (i % (users * FOLDERS));
        StoredBody b = bodies.get((int) (i % bodies.size()));
        commit.add(
            new MessageEvent.Appended(
                mailbox,
                ++nextUid[mailbox],
                b.digest(),
                b.size(),
                160,
                1_795_860_000_000L + i,
                1_795_860_000_000L,
                Set.of(),
                List.of(),
                "<" + i + "@bench>"));
        if (commit.size() == 1000) {
          s.journal().append(a, commit);
          commit.clear();
        }
      }
      if (!commit.isEmpty()) {
        s.journal().append(a, commit);
      }
      s.refresh();
    }
  }

  /**
   * As {@link #build}, unless a run with {@code --keep} left this very store (as many users and
   * messages) in {@code root}: building a million messages takes most of a minute, and the
   * utilities' figures are best compared on one store. Returns whether it built one.
   */
  static boolean buildOnce(Path root, int users, long messages) throws IOException {
    Path marker = root.resolveSibling(root.getFileName() + ".built");
    String what = users + " users, " + messages + " messages";
    if (Files.isDirectory(root)
        && Files.exists(marker)
        && Files.readString(marker, StandardCharsets.UTF_8).equals(what)) {
      return false;
    }
    Files.deleteIfExists(marker);
    if (Files.exists(root)) {
      FileTrees.delete(root);
    }
    build(root, users, messages);
    Files.writeString(marker, what, StandardCharsets.UTF_8);
    return true;
  }

  /** Runs {@code msgstore bench --probe-list USER} in a fresh JVM and measures it. */
  static Probe probe(Path root, String user) throws IOException, InterruptedException {
    FreshJvm.Run run =
        FreshJvm.runOk(null, "bench", "--probe-list", user, "--store", root.toString());
    String line =
        run.output()
            .lines()
            .filter(l -> l.startsWith("mailboxes="))
            .findFirst()
            .orElseThrow(() -> new IOException("the probe printed no figures: " + run.output()));
    String[] f = line.split(" ");
    return new Probe(
        run.wallSeconds(),
        Integer.parseInt(f[0].substring("mailboxes=".length())),
        Long.parseLong(f[1].substring("heap=".length())),
        Long.parseLong(f[2].substring("rssKb=".length())));
  }

  /** The probe itself, in the fresh JVM: open, list one user's mailboxes, report memory. */
  static String listUser(Path root, String user) throws IOException {
    int n = 0;
    StringBuilder names = new StringBuilder();
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      for (MailboxRecord m : r.mailboxes("user/" + user + "/")) {
        names.append(m.name()).append(' ').append(m.messages()).append('\n');
        n++;
      }
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    return names + "mailboxes=" + n + " heap=" + heap + " rssKb=" + rssKb();
  }

  private static long rssKb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    return Files.readAllLines(status).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElse(-1L);
  }
}
