package dev.msgstore.commands.imcheck;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.command.Subscribe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Runs {@code imcheck} in this JVM as the launcher would, against a store built by the test. */
final class ImcheckFixture {
  static final Author ADMIN = new Author("admin", "test setup", "mailhost", 1);
  static final String JA_FOLDER = "user/jauser/&kAFP4W4IMH8-";
  static final String MESSAGE_ID = "<cd8b67384048.49c77989@dumbo.example.com>";

  record Run(int exit, String out, String err) {}

  private ImcheckFixture() {}

  static Run run(Path root, String... args) {
    List<String> all = new ArrayList<>(List.of("imcheck", "--store", root.toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out), new PrintWriter(err), Map.of("TZ", "UTC"), "tester", all);
    int code = Main.run(ctx, all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  static Store open(Path root, Instant at) {
    return Store.open(root, Clock.fixed(at, ZoneOffset.UTC));
  }

  /**
   * The reference's example: user/jauser's folder created so that its UID validity is the
   * reference's 1237768457 (a new mailbox's is the time in seconds plus its id less one: the folder
   * is mailbox 2), and one 898-byte message (549-byte header) appended at 2009/03/23 11:59:05, read
   * by its owner (\Seen), who is subscribed to the folder.
   */
  static void jauser(Path root) throws IOException {
    try (Store s = open(root, Instant.ofEpochSecond(1237768457 - 1))) {
      s.execute(ADMIN, new CreateMailbox("user/jauser/INBOX", null));
      s.execute(ADMIN, new CreateMailbox(JA_FOLDER, null));
      s.execute(ADMIN, new SetAcl(JA_FOLDER, "jauser", "lrswipkxate"));
      s.execute(ADMIN, new Subscribe("jauser", JA_FOLDER, true));
    }
    Instant appended = Instant.parse("2009-03-23T11:59:05Z");
    try (Store s = open(root, appended)) {
      s.append(
          ADMIN,
          JA_FOLDER,
          message(549, 898),
          new AppendOptions(
              java.util.Set.of(dev.msgstore.journal.event.SystemFlag.SEEN),
              List.of(),
              appended.toEpochMilli(),
              false,
              false));
    }
  }

  static final String INBOX = "user/jauser/INBOX";

  /** {@link #jauser} plus an INBOX of three messages with keywords; uid 2 expunged. */
  static void jauserWithInbox(Path root) throws IOException {
    jauser(root);
    Instant at = Instant.parse("2009-03-24T08:00:00Z");
    try (Store s = open(root, at)) {
      for (List<String> keywords : List.of(List.of("f1"), List.of("f2"), List.of("f2", "f3"))) {
        s.append(
            ADMIN,
            INBOX,
            message(200, 300),
            new AppendOptions(Set.of(), keywords, at.toEpochMilli(), false, false));
      }
      s.execute(
          ADMIN,
          new StoreFlags(
              INBOX, List.of(2L), StoreFlags.Mode.ADD, Set.of(SystemFlag.DELETED), List.of()));
      s.execute(ADMIN, Expunge.deleted(INBOX));
    }
  }

  /** A message of {@code size} bytes whose header (with its blank line) is {@code header}. */
  static InputStream message(int header, int size) {
    String fixed =
        "Message-ID: "
            + MESSAGE_ID
            + "\r\nDate: Mon, 23 Mar 2009 11:59:05 +0000\r\nFrom: jauser@example.com\r\n"
            + "Subject: test\r\nX-Padding: ";
    StringBuilder sb = new StringBuilder(fixed);
    while (sb.length() < header - 4) {
      sb.append('p');
    }
    sb.append("\r\n\r\n");
    while (sb.length() < size) {
      sb.append(sb.length() % 78 == 0 ? '\n' : 'x');
    }
    return new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII));
  }

  static long journalEnd(Path root) {
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      return j.lastIndex();
    }
  }

  static String golden(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(ImcheckFixture.class.getResourceAsStream("/imcheck/" + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
