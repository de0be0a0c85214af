package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.ChildJava;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.command.Subscribe;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.PasswordHashing;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rehostuser between two store roots, each with its daemon on its own loopback ports, the
 * destination reached through a stand-in for ssh that runs the command line it is given (as ssh
 * does, through a shell) with the destination host's store as MSGSTORE_HOME. The destination's
 * imsrestore and imsbackup are child JVMs of this build.
 */
class RehostuserTest {
  static final Author ADMIN = Author.of("admin", "RehostuserTest");

  @TempDir Path dir;
  Path roots;
  Path source;
  Path destination;
  Path bin;

  @BeforeEach
  void twoHosts() throws IOException {
    roots = Files.createDirectories(dir.resolve("hosts"));
    source = roots.resolve("mail1");
    destination = roots.resolve("mail2");
    bin = Files.createDirectories(dir.resolve("bin"));
    for (String verb : List.of("imsrestore", "imsbackup", "rehostuser")) {
      script(
          verb,
          "exec "
              + ChildJava.command(List.of("-Xmx256m"), Main.class.getName()).stream()
                  .map(RehostuserTest::quoted)
                  .collect(Collectors.joining(" "))
              + " "
              + verb
              + " \"$@\"");
    }
    // ssh: a host, then a command line for its shell; a hold-<verb> file stops it there until the
    // file goes (held-<verb> says it got there)
    script(
        "ssh",
        "host=$1; shift\n"
            + "case \"$*\" in *imsrestore*) step=imsrestore ;; *) step=imsbackup ;; esac\n"
            + "if [ -e "
            + quoted(roots + "/hold-")
            + "$step ]; then\n"
            + "  touch "
            + quoted(roots + "/held-")
            + "$step\n"
            + "  while [ -e "
            + quoted(roots + "/hold-")
            + "$step ]; do sleep 0.1; done\n"
            + "fi\n"
            + "export MSGSTORE_HOME="
            + quoted(roots.toString())
            + "/$host\n"
            + "exec /bin/sh -c \"$*\"");
    // a destination whose imsrestore gets the first 400 bytes of the stream only
    script("truncating-imsrestore", "head -c 400 | " + quoted(bin + "/imsrestore") + " \"$@\"");
    // an imsconnutil that waits while hold-imsconnutil exists
    script(
        "holding-imsconnutil",
        "touch "
            + quoted(roots + "/held-imsconnutil")
            + "\nwhile [ -e "
            + quoted(roots + "/hold-imsconnutil")
            + " ]; do sleep 0.1; done");
    // one that fails after reading a little
    script("failing-imsrestore", "head -c 100 >/dev/null; echo 'disk on fire' >&2; exit 3");
    try (Store s = Store.open(source)) {
      entry(s, "joe", "");
      entry(s, "ann", "");
      append(s, "user/joe/INBOX", "one");
      append(s, "user/joe/INBOX", "two");
      append(s, "user/joe/INBOX", "three");
      s.execute(ADMIN, new CreateMailbox("user/joe/Projects", null));
      append(s, "user/joe/Projects", "plan");
      s.execute(
          ADMIN,
          new StoreFlags(
              "user/joe/INBOX",
              List.of(1L, 3L),
              StoreFlags.Mode.ADD,
              java.util.Set.of(SystemFlag.SEEN),
              List.of("$Work")));
      s.execute(ADMIN, new Subscribe("joe", "user/joe/Projects", true));
      s.execute(ADMIN, new SetAcl("user/joe/Projects", "ann", "lrs"));
      append(s, "user/ann/INBOX", "ann's");
    }
    try (Store s = Store.open(destination)) {
      entry(s, "joe", "");
    }
  }

  @AfterEach
  void stopDaemons() throws IOException {
    for (Path root : List.of(source, destination)) {
      for (String f : List.of("watcher.pid", "daemon.pid")) {
        Path pid = root.resolve("run").resolve(f);
        if (Files.exists(pid)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
              .ifPresent(
                  p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                  });
        }
      }
    }
  }

  @Test
  void aMoveBetweenTwoRunningStoresDefersMailMeanwhileAndTheMailFollowsMailHost() throws Exception {
    int[] src = daemon(source);
    int[] dst = daemon(destination);
    Map<String, String> before = account(source, "joe");

    // joe is logged in over IMAP when the move starts
    Socket session = new Socket("127.0.0.1", src[0]);
    session.setSoTimeout(60_000);
    BufferedReader sessionIn =
        new BufferedReader(new InputStreamReader(session.getInputStream(), StandardCharsets.UTF_8));
    sessionIn.readLine();
    session.getOutputStream().write("a LOGIN joe pw-joe\r\n".getBytes(StandardCharsets.UTF_8));
    String loggedIn;
    do {
      loggedIn = sessionIn.readLine();
    } while (loggedIn.startsWith("*"));
    assertTrue(loggedIn.startsWith("a OK"), loggedIn);

    Files.createFile(roots.resolve("hold-imsrestore"));
    CompletableFuture<Cli> move =
        CompletableFuture.supplyAsync(() -> Cli.run(rehost("-u", "joe", "-d", "mail2")));
    awaitFile(roots.resolve("held-imsrestore"));
    // his session was closed by the disconnect (imsconnutil -k's event, which the daemon acts on)
    assertEquals("* BYE Disconnected by the administrator", sessionIn.readLine());
    session.close();
    // during the move: mail for joe is deferred, his logins are refused, ann is served
    assertEquals("450 4.2.1", lmtp(src[1], "joe", "during").substring(0, 9));
    assertTrue(lmtp(src[1], "ann", "for ann").startsWith("250"));
    String login = imapLogin(src[0], "joe");
    assertTrue(login.startsWith("a NO [UNAVAILABLE] user joe is being moved to mail2"), login);
    try (dev.msgstore.services.pop.PopClient pop =
        new dev.msgstore.services.pop.PopClient(src[2])) {
      String popLogin = pop.login("joe");
      assertTrue(popLogin.startsWith("-ERR [SYS/TEMP] user joe is being moved to mail2"), popLogin);
    }
    Cli locked = Cli.run("mboxutil", "-c", "user/joe/Other", "--store", source.toString());
    assertEquals(75, locked.exit(), locked::toString);
    assertTrue(locked.err().contains("user joe is being moved to mail2"), locked.err());
    Files.delete(roots.resolve("hold-imsrestore"));

    Cli done = move.get();
    assertEquals(0, done.exit(), done::toString);
    List<String> lines = done.out().lines().toList();
    assertEquals("disconnecting joe", lines.get(0));
    assertTrue(lines.contains("/primary/user/joe/INBOX restoring..."), done.out());
    assertTrue(lines.contains("/primary/user/joe/Projects restoring..."), done.out());
    assertTrue(lines.contains("Mailbox joe copied successfully."), done.out());
    assertTrue(lines.contains("Updated directory entry for uid=joe: mailHost mail2"), done.out());
    assertEquals("Source mailbox deleted successfully.", lines.get(lines.size() - 1));

    // everything arrived: messages, flags, keywords, folders, UIDs, subscriptions, ACLs
    assertEquals(before, account(destination, "joe"));
    try (Store s = Store.open(source);
        ProjectionReader r = s.read()) {
      assertEquals(List.of(), r.mailboxes("user/joe/"));
      assertEquals("mail2", r.directoryUser("joe").orElseThrow().entry().mailHost());
      assertEquals(2, r.mailbox("user/ann/INBOX").orElseThrow().messages());
    }
    // the deferred message, tried again: the old host still defers it (joe has moved), and
    // delivered where mailHost now routes it, it lands on the destination
    assertEquals("450 4.2.1", lmtp(src[1], "joe", "during").substring(0, 9));
    assertTrue(lmtp(dst[1], "joe", "during").startsWith("250"));
    try (Store s = Store.open(destination);
        ProjectionReader r = s.read()) {
      assertEquals(4, r.mailbox("user/joe/INBOX").orElseThrow().messages());
    }
    String there = imapLogin(dst[0], "joe");
    assertTrue(there.startsWith("a OK"), there);
  }

  @Test
  void aFailingOrTruncatingDestinationLeavesTheSourceWholeAndUnlocked() throws Exception {
    Map<String, String> before = account(source, "joe");
    Cli failing = Cli.run(rehost("-u", "joe", "-d", "mail2", "-r", bin + "/failing-imsrestore"));
    assertEquals(69, failing.exit(), failing::toString);
    assertEquals(1, failing.err().lines().count(), failing.err());
    assertTrue(
        failing
            .err()
            .startsWith(
                "rehostuser: moving joe to mail2 failed at step copy: imsrestore on mail2 "),
        failing.err());
    assertTrue(failing.err().contains("exited 3: disk on fire"), failing.err());
    assertTrue(failing.err().contains("joe is whole on this store and unlocked"), failing.err());
    assertWholeAndUnlocked(before);

    Cli truncated =
        Cli.run(rehost("-u", "joe", "-d", "mail2", "-r", bin + "/truncating-imsrestore"));
    assertEquals(69, truncated.exit(), truncated::toString);
    assertTrue(truncated.err().contains("failed at step copy"), truncated.err());
    assertTrue(truncated.err().contains("exited 65"), truncated.err());
    assertWholeAndUnlocked(before);

    // bad input: one line, nothing changed
    for (List<String> bad :
        List.of(
            List.of("-u", "joe"),
            List.of("-u", "joe", "-d", "mail2", "-o", "iss1"),
            List.of("-u", "joe", "-d", "mail2", "-r", "/bin/true"))) {
      Cli c = Cli.run(rehost(bad.toArray(String[]::new)));
      assertEquals(64, c.exit(), c::toString);
    }
    Cli nobody = Cli.run(rehost("-u", "nobody", "-d", "mail2"));
    assertEquals(67, nobody.exit(), nobody::toString);
    assertEquals("rehostuser: no such user in this store: nobody\n", nobody.err());
    assertWholeAndUnlocked(before);
  }

  @Test
  void aMoveKilledAtEachStepIsFinishedByRunningItAgain() throws Exception {
    Map<String, String> before = account(source, "joe");
    // killed while it disconnects (-c held), while its copy is held before the destination's
    // imsrestore, then while its verification is held before the destination's imsbackup (all
    // mailboxes there): each time the lock stays and the source is whole
    for (String step : List.of("imsconnutil", "imsrestore", "imsbackup")) {
      Files.createFile(roots.resolve("hold-" + step));
      Process child =
          new ProcessBuilder(
                  rehostCommand(
                      bin + "/rehostuser",
                      "-u",
                      "joe",
                      "-d",
                      "mail2",
                      "-c",
                      bin + "/holding-imsconnutil"))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child-" + step + ".out").toFile())
              .start();
      awaitFile(roots.resolve("held-" + step));
      child.destroyForcibly(); // SIGKILL
      child.waitFor();
      Files.delete(roots.resolve("hold-" + step));
      try (Store s = Store.open(source);
          ProjectionReader r = s.read()) {
        assertTrue(r.userMove("joe").orElseThrow().inProgress(), "the lock survives the kill");
      }
      assertEquals(before, account(source, "joe"), "the source is whole");
    }
    Cli again = Cli.run(rehost("-u", "joe", "-d", "mail2"));
    assertEquals(0, again.exit(), again::toString);
    assertTrue(again.out().startsWith("resuming the move of joe to mail2"), again.out());
    assertTrue(again.out().contains("/primary/user/joe/INBOX there already"), again.out());
    assertEquals(before, account(destination, "joe"));
    Cli third = Cli.run(rehost("-u", "joe", "-d", "mail2"));
    assertEquals(0, third.exit(), third::toString);
    assertEquals("user joe has moved to mail2 already\n", third.out());
  }

  @Test
  void theTablesOptionsLocalImsbackupExpungedPartitionAndKeptSource() throws Exception {
    try (Store s = Store.open(source)) {
      s.execute(ADMIN, new dev.msgstore.store.command.Expunge("user/joe/INBOX", List.of(2L)));
    }
    Cli c =
        Cli.run(
            "configutil",
            "-o",
            "store.partition.second.path",
            "-v",
            destination.resolve("second").toString(),
            "--store",
            destination.toString());
    assertEquals(0, c.exit(), c::toString);
    Cli moved =
        Cli.run(
            rehost(
                "-u",
                "joe",
                "-d",
                "mail2",
                "-p",
                "second",
                "-b",
                bin + "/imsbackup",
                "-x",
                "-n",
                "-e",
                "-o",
                "iss1",
                "-t",
                "iss2",
                "-y",
                "mailuser"));
    assertEquals(0, moved.exit(), moved::toString);
    assertTrue(moved.out().startsWith("no ISS index to move from iss1 to iss2"), moved.out());
    assertFalse(moved.out().contains("disconnecting"), "-e: sessions stay until the end");
    assertTrue(moved.out().contains("/second/user/joe/INBOX restoring..."), moved.out());
    assertTrue(moved.out().contains("Source mailbox kept (-n)."), moved.out());
    assertTrue(
        moved
            .out()
            .contains(
                "Updated directory entry for uid=joe: mailHost mail2, mailMessageStore second"),
        moved.out());
    try (Store s = Store.open(destination);
        ProjectionReader r = s.read()) {
      MailboxRecord inbox = r.mailbox("user/joe/INBOX").orElseThrow();
      assertEquals("second", inbox.partition());
      assertEquals(
          List.of(1L, 3L), r.messages(inbox.id()).stream().map(MessageRecord::uid).toList());
      assertEquals(
          List.of(2L), r.expunged(inbox.id()).stream().map(e -> e.message().uid()).toList(), "-x");
    }
    try (Store s = Store.open(source);
        ProjectionReader r = s.read()) {
      assertEquals(2, r.mailboxes("user/joe/").size(), "-n kept the source");
      assertEquals("second", r.directoryUser("joe").orElseThrow().entry().partition());
      assertFalse(r.userMove("joe").orElseThrow().inProgress());
    }
  }

  private void assertWholeAndUnlocked(Map<String, String> before) throws IOException {
    assertEquals(before, account(source, "joe"));
    try (Store s = Store.open(source);
        ProjectionReader r = s.read()) {
      assertTrue(r.userMove("joe").isEmpty(), "unlocked");
      assertEquals("", r.directoryUser("joe").orElseThrow().entry().mailHost());
    }
    // it takes changes again
    try (Store s = Store.open(source)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/tmp", null));
      s.execute(ADMIN, new dev.msgstore.store.command.DeleteMailbox("user/joe/tmp"));
    }
  }

  private String[] rehost(String... args) {
    List<String> all = new ArrayList<>(List.of("rehostuser", "--store", source.toString()));
    all.addAll(List.of("-s", bin + "/ssh"));
    if (!List.of(args).contains("-r")) {
      all.addAll(List.of("-r", bin + "/imsrestore"));
    }
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private List<String> rehostCommand(String launcher, String... args) {
    List<String> all = new ArrayList<>(List.of(launcher, "--store", source.toString()));
    all.addAll(List.of("-s", bin + "/ssh", "-r", bin + "/imsrestore"));
    all.addAll(List.of(args));
    return all;
  }

  /**
   * Each folder of the user: its UIDVALIDITY, each message's UID, digest, flags; subscriptions,
   * ACLs.
   */
  private static Map<String, String> account(Path root, String user) {
    Map<String, String> out = new TreeMap<>();
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      for (MailboxRecord m : r.mailboxes("user/" + user + "/")) {
        StringBuilder b = new StringBuilder("uidvalidity " + m.uidValidity());
        for (MessageRecord msg : r.messages(m.id())) {
          b.append("\n")
              .append(msg.uid())
              .append(' ')
              .append(msg.digest().hex())
              .append(' ')
              .append(new java.util.TreeSet<>(msg.flags()))
              .append(' ')
              .append(msg.keywords());
        }
        b.append("\nacl ")
            .append(r.acl(m.id()).stream().map(a -> a.identifier() + "=" + a.rights()).toList());
        out.put(m.name(), b.toString());
      }
      out.put("subscriptions", r.subscriptions(user).toString());
    }
    return out;
  }

  private static long mailboxId(Store s, String name) {
    try (ProjectionReader r = s.read()) {
      return r.mailbox(name).orElseThrow().id();
    }
  }

  private static void entry(Store s, String u, String mailHost) {
    DirectoryUser user =
        new DirectoryUser(
            u,
            "",
            u + "@example.com",
            List.of(),
            UserStatus.ACTIVE,
            0,
            QuotaLimits.NONE,
            mailHost,
            "",
            "");
    s.execute(
        ADMIN,
        new CreateUserEntry(
            user, new PasswordHash(new PasswordHashing(1000).hash(("pw-" + u).toCharArray()))));
  }

  private static void append(Store s, String mailbox, String subject) throws IOException {
    s.append(
        ADMIN,
        mailbox,
        new ByteArrayInputStream(
            ("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n")
                .getBytes(StandardCharsets.UTF_8)),
        AppendOptions.DEFAULT.creating());
  }

  /** Starts a daemon with imap, lmtp and pop on free loopback ports: {imap, lmtp, pop}. */
  private static int[] daemon(Path root) throws IOException {
    int imap = freePort();
    int lmtp = freePort();
    int pop = freePort();
    for (String[] o :
        List.of(
            new String[] {"service.imap.port", "" + imap},
            new String[] {"service.lmtp.port", "" + lmtp},
            new String[] {"service.http.enable", "no"},
            new String[] {"service.pop.port", "" + pop})) {
      Cli c = Cli.run("configutil", "-o", o[0], "-v", o[1], "--store", root.toString());
      assertEquals(0, c.exit(), c::toString);
    }
    Cli c = Cli.run("start-msg", "--store", root.toString());
    assertEquals(0, c.exit(), c::toString);
    return new int[] {imap, lmtp, pop};
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** One LMTP transaction for {@code user}@example.com: the reply to the end of its data. */
  private static String lmtp(int port, String user, String subject) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      reply(in);
      for (String cmd : List.of("LHLO test", "MAIL FROM:<a@example.org>")) {
        out.write((cmd + "\r\n").getBytes(StandardCharsets.UTF_8));
        reply(in);
      }
      out.write(("RCPT TO:<" + user + "@example.com>\r\n").getBytes(StandardCharsets.UTF_8));
      String rcpt = reply(in);
      if (!rcpt.startsWith("250")) {
        return rcpt;
      }
      out.write("DATA\r\n".getBytes(StandardCharsets.UTF_8));
      reply(in);
      out.write(
          ("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n.\r\n")
              .getBytes(StandardCharsets.UTF_8));
      return reply(in);
    }
  }

  private static String reply(BufferedReader in) throws IOException {
    String l;
    do {
      l = in.readLine();
    } while (l != null && l.length() > 3 && l.charAt(3) == '-');
    return l;
  }

  /** The answer to an IMAP LOGIN of {@code user} with their password. */
  private static String imapLogin(int port, String user) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      in.readLine();
      s.getOutputStream()
          .write(("a LOGIN " + user + " pw-" + user + "\r\n").getBytes(StandardCharsets.UTF_8));
      String l;
      do {
        l = in.readLine();
      } while (l != null && l.startsWith("*"));
      return l;
    }
  }

  private static void awaitFile(Path f) throws InterruptedException {
    for (int i = 0; i < 1200 && !Files.exists(f); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(f), f + " within 2 minutes");
  }

  private void script(String name, String body) throws IOException {
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
