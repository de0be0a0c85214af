package dev.msgstore.store.expire;

import dev.msgstore.journal.FileModes;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where installed {@code store.expirerule} files live and how they are read and installed: a
 * partition's at {@code <partition path>/store.expirerule}, a user's in their directory ({@code
 * <partition>/=user/hh/hh/=uid/store.expirerule}), a mailbox's in its owner's directory under
 * {@code store.expirerule.d/} named by the URL-encoded mailbox name. Beside each file is a lock
 * file ({@code .lock}): a run holds it shared while it runs that scope's rules, an install takes it
 * exclusively and gives up at once when it cannot (the reference's warning).
 */
public final class RuleFiles {
  public static final String FILE = "store.expirerule";
  private static final String MAILBOX_DIR = "store.expirerule.d";

  private RuleFiles() {}

  /** The rule file of {@code scope} ({@link RuleScope.Kind#STORE} has none: configutil is it). */
  public static Path path(Store store, RuleScope scope) {
    Partitions partitions = store.partitions();
    return switch (scope.kind()) {
      case PARTITION -> {
        if (!partitions.exists(scope.name())) {
          throw Rejected.notFound("no such partition: " + scope.name());
        }
        yield partitions.path(scope.name()).resolve(FILE);
      }
      case USER -> userDirectory(store, scope.name()).resolve(FILE);
      case MAILBOX -> {
        String owner =
            MailboxNames.ownerOf(scope.name())
                .orElseThrow(() -> Rejected.invalid("not a user's mailbox: " + scope.name()));
        yield userDirectory(store, owner)
            .resolve(MAILBOX_DIR)
            .resolve(URLEncoder.encode(scope.name(), StandardCharsets.UTF_8));
      }
      case STORE -> throw new IllegalArgumentException("the store's rules are configutil's");
    };
  }

  private static Path userDirectory(Store store, String user) {
    try (ProjectionReader r = store.read()) {
      MailboxRecord inbox =
          r.mailbox(MailboxNames.inboxOf(user))
              .or(() -> r.mailboxes(MailboxNames.USER_PREFIX + user + "/").stream().findFirst())
              .orElseThrow(() -> Rejected.notFound("no such user: " + user));
      return StoreLayout.userDirectory(store.partitions().path(inbox.partition()), user);
    }
  }

  /**
   * Every rule a run over {@code users} (null: all) reads: configutil's, the partitions', and those
   * users' and their mailboxes' files. All are parsed before any is used; a problem anywhere is
   * thrown with all the others ({@link RuleSyntaxException}).
   */
  public static ExpireRules load(Store store, List<String> users, boolean keepTrailingSpaces) {
    List<ExpireRule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    collect(
        problems,
        rules,
        () -> RuleParser.parseOptions(store.config().values(), keepTrailingSpaces));
    for (Map.Entry<String, Path> p : store.partitions().paths().entrySet()) {
      Path f = p.getValue().resolve(FILE);
      readInto(problems, rules, f, RuleScope.partition(p.getKey()), keepTrailingSpaces);
    }
    for (String user : users == null ? allUsers(store) : users) {
      Path dir;
      try {
        dir = userDirectory(store, user);
      } catch (Rejected noMailboxes) {
        continue;
      }
      readInto(problems, rules, dir.resolve(FILE), RuleScope.user(user), keepTrailingSpaces);
      Path mailboxes = dir.resolve(MAILBOX_DIR);
      if (Files.isDirectory(mailboxes)) {
        try (Stream<Path> files = Files.list(mailboxes)) {
          for (Path f : files.sorted().toList()) {
            String name = f.getFileName().toString();
            if (!name.endsWith(".lock") && !name.startsWith(".")) {
              String mailbox = URLDecoder.decode(name, StandardCharsets.UTF_8);
              readInto(problems, rules, f, RuleScope.mailbox(mailbox), keepTrailingSpaces);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleSyntaxException(problems);
    }
    return new ExpireRules(rules);
  }

  /** The rules of one file given with {@code -f}, for the whole store. */
  public static ExpireRules loadFile(Path file, boolean keepTrailingSpaces) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return new ExpireRules(
        RuleParser.parseFile(file.toString(), text, RuleScope.STORE, keepTrailingSpaces));
  }

  private static List<String> allUsers(Store store) {
    TreeSet<String> users = new TreeSet<>();
    try (ProjectionReader r = store.read()) {
      r.forEachMailbox(
          MailboxNames.USER_PREFIX,
          m -> {
            m.owner().ifPresent(users::add);
            return true;
          });
    }
    return new ArrayList<>(users);
  }

  private static void readInto(
      List<String> problems, List<ExpireRule> rules, Path f, RuleScope scope, boolean keep) {
    if (!Files.isRegularFile(f)) {
      return;
    }
    collect(
        problems,
        rules,
        () -> {
          try {
            return RuleParser.parseFile(
                f.toString(), Files.readString(f, StandardCharsets.UTF_8), scope, keep);
          } catch (IOException e) {
            throw new RuleSyntaxException(List.of(f + ": cannot read: " + e.getMessage()));
          }
        });
  }

  private static void collect(
      List<String> problems,
      List<ExpireRule> rules,
      java.util.function.Supplier<List<ExpireRule>> parse) {
    try {
      rules.addAll(parse.get());
    } catch (RuleSyntaxException e) {
      problems.addAll(e.problems());
    }
  }

  /** Thrown by {@link #install} when a run is executing the rules of the same scope. */
  public static final class ScopeBusy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScopeBusy(String message) {
      super(message);
    }
  }

  /**
   * Installs {@code source} as the rule file of {@code scope}: parsed first (a problem installs
   * nothing), then written beside the old one and renamed over it, under the scope's lock. Throws
   * {@link ScopeBusy} while a run executes that scope's rules. Returns the installed rules.
   */
  public static List<ExpireRule> install(
      Store store, RuleScope scope, Path source, boolean keepTrailingSpaces) throws IOException {
    if (scope.kind() == RuleScope.Kind.MAILBOX) {
      try (ProjectionReader r = store.read()) {
        if (r.mailbox(MailboxNames.canonical(scope.name())).isEmpty()) {
          throw Rejected.notFound("no such mailbox: " + scope.name());
        }
      }
    }
    Path target = path(store, scope); // the scope exists before its rules are read
    String text = Files.readString(source, StandardCharsets.UTF_8);
    List<ExpireRule> rules =
        RuleParser.parseFile(source.toString(), text, scope, keepTrailingSpaces);
    FileModes.createDirectories(target.getParent());
    try (FileChannel ch =
        FileChannel.open(lockOf(target), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(ch);
      if (lock == null) {
        throw new ScopeBusy(
            "an expire rule file for "
                + scope
                + " is executing; the new rule file is not installed");
      }
      try (lock) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".new");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel f = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          f.force(true);
        }
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return rules;
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      return null;
    }
  }

  static Path lockOf(Path ruleFile) {
    return ruleFile.resolveSibling(ruleFile.getFileName() + ".lock");
  }

  /**
   * Holds the scope's lock shared while a run executes its rules, if its lock file exists (a trial
   * run creates nothing; a real run creates it). Empty when there is nothing to hold.
   */
  static Optional<AutoCloseable> holdShared(Path ruleFile, boolean create) {
    Path lock = lockOf(ruleFile);
    try {
      if (!Files.exists(lock)) {
        if (!create || !Files.exists(ruleFile)) {
          return Optional.empty();
        }
      }
      FileChannel ch =
          create
              ? FileChannel.open(
                  lock,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE)
              : FileChannel.open(lock, StandardOpenOption.READ);
      try {
        FileLock l = ch.lock(0, Long.MAX_VALUE, true);
        return Optional.of(
            () -> {
              try (ch) {
                l.release();
              }
            });
      } catch (OverlappingFileLockException sameProcess) {
        ch.close();
        return Optional.empty(); // another thread of this run holds it already
      }
    } catch (IOException e) {
      return Optional.empty(); // a lock we cannot take only weakens the install check
    }
  }
}
