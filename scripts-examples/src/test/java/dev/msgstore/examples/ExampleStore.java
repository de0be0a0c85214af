package dev.msgstore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.scripting.Launcher;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Command;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A store in a temporary directory, built with the verbs and the store's commands, and the example
 * scripts run against it in this JVM as the launcher runs them ({@code msgstore run --store ...}).
 */
final class ExampleStore {
  /**
   * The scripts: the module's {@code scripts/} (surefire passes it; else relative to the module).
   */
  static final Path SCRIPTS =
      Path.of(System.getProperty("msgstore.examples.scripts", "scripts")).toAbsolutePath();

  /** The administrator running the scripts and the verbs, as the journal names them. */
  static final String ADMIN = "admin";

  /** Who the commands given straight to the store are made by. */
  static final Author TESTER = Author.of("tester", "ExampleStore");

  /** What a command line printed and returned. */
  record Run(int exit, String out, String err) {
    Run ok() {
      assertEquals(0, exit, "exit code; stderr: " + err + "; stdout: " + out);
      return this;
    }

    List<String> lines() {
      return out.lines().toList();
    }
  }

  final Path root;

  ExampleStore(Path dir) {
    this.root = dir.resolve("store").toAbsolutePath();
    Store.open(root).close();
  }

  /** {@code msgstore run --store <root> scripts/<name> args...} */
  Run script(String name, String... args) {
    return launchScript(List.of(), name, args);
  }

  /** {@code msgstore run --dry-run --store <root> scripts/<name> args...} */
  Run dryRun(String name, String... args) {
    return launchScript(List.of("--dry-run"), name, args);
  }

  private Run launchScript(List<String> options, String name, String... args) {
    List<String> line = new ArrayList<>(List.of("run"));
    line.addAll(options);
    line.addAll(List.of("--store", root.toString()));
    line.add(SCRIPTS.resolve(name).toString());
    line.addAll(List.of(args));
    return launch("", line);
  }

  /** {@code msgstore <verb> --store <root> args...} */
  Run verb(String verb, String... args) {
    return verbWithInput("", verb, args);
  }

  Run verbWithInput(String stdin, String verb, String... args) {
    List<String> line = new ArrayList<>(List.of(verb, "--store", root.toString()));
    line.addAll(List.of(args));
    return launch(stdin, line);
  }

  private static Run launch(String stdin, List<String> args) {
    Launcher r = Launcher.runAs(ADMIN, stdin, args.toArray(String[]::new));
    return new Run(r.exit(), r.out(), r.err());
  }

  /** Creates each mailbox with {@code mboxutil -c} (a user's INBOX first). */
  ExampleStore create(String... mailboxes) {
    for (String m : mailboxes) {
      verb("mboxutil", "-c", m).ok();
    }
    return this;
  }

  /** Delivers {@code message} with {@code deliver} (options, then users). */
  void deliver(String message, String... optionsAndUsers) {
    verbWithInput(message, "deliver", optionsAndUsers).ok();
  }

  /** Declares a partition with configutil, its directory beside the store. */
  Path declarePartition(String name) {
    Path dir = root.resolveSibling("partition-" + name);
    verb("configutil", "-o", "store.partition." + name + ".path", "-v", dir.toString()).ok();
    return dir;
  }

  /** Runs commands straight on the store (quotas, expunges, ACLs, statuses). */
  void execute(Command... commands) {
    withStore(Clock.systemUTC(), s -> List.of(commands).forEach(c -> s.execute(TESTER, c)));
  }

  /** Works on the store with a clock of the test's (every commit then bears its time). */
  void withStore(Clock clock, Consumer<Store> work) {
    try (Store s = Store.open(root, clock)) {
      work.accept(s);
    }
  }

  static void append(Store s, String mailbox, String message) {
    try (InputStream in = new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))) {
      s.append(TESTER, mailbox, in, AppendOptions.DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T> T read(Function<ProjectionReader, T> query) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return query.apply(r);
    }
  }

  MailboxRecord mailbox(String name) {
    return read(r -> r.mailbox(name).orElse(null));
  }

  /** The mailboxes whose names start with {@code prefix}, by name. */
  List<MailboxRecord> mailboxes(String prefix) {
    return read(r -> r.mailboxes(prefix));
  }

  List<MessageRecord> messages(String mailbox) {
    return read(r -> r.messages(r.mailbox(mailbox).orElseThrow().id()));
  }

  List<ExpungedMessage> expunged(String mailbox) {
    return read(r -> r.expunged(r.mailbox(mailbox).orElseThrow().id()));
  }

  UserRecord user(String id) {
    return read(r -> r.user(id).orElse(null));
  }

  /** The message's bytes as stored, read from its mailbox's partition. */
  String text(String mailbox, MessageRecord m) {
    try (Store s = Store.open(root);
        InputStream in = s.openBody(mailbox(mailbox).partition(), m.digest())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A message of exactly {@code size} bytes (at least its header's), CRLF line ends. */
  static String message(String subject, String messageId, int size) {
    String head =
        "From: sender@example.net\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + (messageId == null ? "" : "Message-ID: <" + messageId + ">\r\n")
            + "\r\n";
    int body = size - head.length() - 2;
    if (body < 0) {
      throw new IllegalArgumentException("a message of " + size + " bytes cannot hold " + head);
    }
    return head + "x".repeat(body) + "\r\n";
  }
}
