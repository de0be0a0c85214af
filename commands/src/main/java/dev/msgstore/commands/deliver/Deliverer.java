package dev.msgstore.commands.deliver;

import dev.msgstore.commands.cli.DiskFull;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.deliver.Delivery.Recipient;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.StoredBody;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.MessageHeaders;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.delivery.DeliveryRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The work of {@code deliver}, on an open store: find the recipients and their mailboxes, store the
 * body once per partition, then append it to every mailbox (one commit each, issued in parallel so
 * that they share journal syncs).
 */
final class Deliverer {
  /** Appends in flight at once: enough to fill the store's commit batches. */
  private static final int PARALLEL = 64;

  /** Threads appending in load mode. */
  private static final int LOAD_WORKERS = 16;

  private static final String ACTIVE = "active";

  /** How to deliver: the options of the command line, checked. */
  record Settings(
      String folder, // in modified UTF-7, or null for INBOX
      boolean create,
      Set<SystemFlag> flags,
      List<String> keywords,
      String returnPath, // the address as given, or null
      boolean ignoreQuota,
      boolean patterns,
      double loadSeconds) { // 0: not load mode

    Settings {
      flags = Set.copyOf(flags);
      keywords = List.copyOf(keywords);
    }
  }

  /**
   * Where one recipient's copy goes. {@code fallback}: the folder existed when looked up, so if it
   * is gone by the time of the append, the copy goes to INBOX instead. {@code partition}: where the
   * mailboxes a first delivery makes go (the directory's choice), or null for the store's.
   */
  private record Target(
      String user, String mailbox, boolean create, boolean fallback, String partition) {}

  /** A recipient resolved: a target, or the reason it has none. */
  private record Entry(Target target, Recipient failure) {}

  private final Store store;
  private final Author author;
  private final Settings settings;
  private final DeliveryRules rules;

  Deliverer(Store store, Author author, Settings settings, DeliveryRules rules) {
    this.store = store;
    this.author = author;
    this.settings = settings;
    this.rules = rules;
  }

  Delivery deliver(List<String> names, MessageHead head, InputStream rest) throws IOException {
    List<Entry> entries = resolve(names);
    List<Target> targets = new ArrayList<>();
    for (Entry e : entries) {
      if (e.target() != null) {
        targets.add(e.target());
      }
    }
    if (targets.isEmpty()) {
      return new Delivery(entries.stream().map(Entry::failure).toList(), Optional.empty());
    }
    byte[] prefix = returnPathLine(head.lineEnd());
    MessageHeaders headers = head.headers(prefix.length);
    Map<Target, StoredBody> bodies = new LinkedHashMap<>();
    Map<Target, String> partitions = new LinkedHashMap<>();
    storeBodies(targets, head.stream(prefix, rest), bodies, partitions);

    Map<Target, Recipient> done;
    Optional<Delivery.Load> load = Optional.empty();
    if (settings.loadSeconds() > 0) {
      LoadResult l = load(targets, bodies, partitions, headers);
      done = l.results();
      load = Optional.of(l.figures());
    } else {
      done = appendAll(targets, bodies, partitions, headers);
    }
    List<Recipient> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(e.target() == null ? e.failure() : done.get(e.target()));
    }
    return new Delivery(out, load);
  }

  // ---- recipients ----

  private List<Entry> resolve(List<String> names) {
    try (ProjectionReader r = store.read()) {
      List<String> users =
          settings.patterns() ? expand(r, names) : List.copyOf(new LinkedHashSet<>(names));
      List<Entry> entries = new ArrayList<>(users.size());
      if (users.isEmpty()) {
        String which = names.size() == 1 ? "'" + names.get(0) + "'" : "any of " + names;
        entries.add(
            new Entry(
                null,
                Recipient.failed("", "", ExitCodes.NO_USER, "no existing user matches " + which)));
      }
      for (String user : users) {
        entries.add(entry(r, user));
      }
      return entries;
    }
  }

  /**
   * The existing users matching the patterns: active users of the directory, and owners of a {@code
   * user/<uid>/INBOX} the directory does not list (a renamed account). Users whose status is not
   * active (inactive, hold, removed, deleted) are left out.
   */
  private static List<String> expand(ProjectionReader r, List<String> patterns) {
    Set<String> users = new LinkedHashSet<>();
    for (String p : patterns) {
      MailboxPattern pattern = new MailboxPattern(p);
      String prefix = pattern.literalPrefix();
      TreeSet<String> matched = new TreeSet<>();
      r.forEachUser(
          prefix,
          u -> {
            if (u.status().equals(ACTIVE) && pattern.matches(u.userId())) {
              matched.add(u.userId());
            }
            return true;
          });
      List<String> owners = new ArrayList<>();
      r.forEachMailbox(
          MailboxNames.USER_PREFIX + prefix,
          m -> {
            String name = m.name();
            if (name.endsWith("/INBOX")) {
              String owner =
                  name.substring(
                      MailboxNames.USER_PREFIX.length(), name.length() - "/INBOX".length());
              if (!owner.contains("/") && pattern.matches(owner)) {
                owners.add(owner);
              }
            }
            return true;
          });
      for (String owner : owners) {
        if (r.user(owner).map(u -> u.status().equals(ACTIVE)).orElse(true)) {
          matched.add(owner);
        }
      }
      users.addAll(matched);
    }
    return new ArrayList<>(users);
  }

  private Entry entry(ProjectionReader r, String user) {
    Optional<String> bad = userProblem(user);
    if (bad.isPresent()) {
      return new Entry(null, Recipient.failed(user, "", ExitCodes.NO_USER, bad.get()));
    }
    DeliveryRules.Verdict verdict = rules.forUser(r, user);
    if (verdict instanceof DeliveryRules.Refused no) {
      return new Entry(
          null,
          Recipient.failed(
              user, "", no.temporary() ? ExitCodes.TEMPORARY : ExitCodes.NO_USER, no.reason()));
    }
    String partition = ((DeliveryRules.Accepted) verdict).partition();
    String inbox = MailboxNames.inboxOf(user);
    if (settings.folder() == null) {
      return new Entry(new Target(user, inbox, true, false, partition), null);
    }
    String name = MailboxNames.canonical(MailboxNames.USER_PREFIX + user + "/" + settings.folder());
    if (name.equals(inbox)) {
      return new Entry(new Target(user, inbox, true, false, partition), null);
    }
    Optional<String> nameProblem = MailboxNames.problem(name);
    if (nameProblem.isPresent()) {
      return new Entry(null, Recipient.failed(user, name, ExitCodes.DATA, nameProblem.get()));
    }
    if (r.mailbox(name).isPresent()) {
      return new Entry(new Target(user, name, false, !settings.create(), partition), null);
    }
    if (settings.create()) {
      return new Entry(new Target(user, name, true, false, partition), null);
    }
    return new Entry(
        new Target(user, inbox, true, false, partition), null); // as the reference says
  }

  /** Why {@code user} cannot be a user id, or empty when it can (the store's own rule). */
  static Optional<String> userProblem(String user) {
    if (user.isEmpty()) {
      return Optional.of("an empty user id");
    }
    boolean bad =
        user.contains("/") || MailboxNames.problem(MailboxNames.inboxOf(user)).isPresent();
    if (!bad) {
      return Optional.empty();
    }
    String hint =
        user.contains("*") || user.contains("%") ? " (-p expands a pattern to existing users)" : "";
    return Optional.of("not a valid user id: '" + printable(user) + "'" + hint);
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  // ---- the body ----

  private byte[] returnPathLine(String lineEnd) {
    if (settings.returnPath() == null) {
      return new byte[0];
    }
    String a = settings.returnPath().strip();
    String path = a.startsWith("<") && a.endsWith(">") ? a : "<" + a + ">";
    return ("Return-Path: " + path + lineEnd).getBytes(StandardCharsets.UTF_8);
  }

  /** Stores the body once in each partition a target lives on: from stdin, then copied. */
  private void storeBodies(
      List<Target> targets,
      InputStream message,
      Map<Target, StoredBody> bodies,
      Map<Target, String> partitions)
      throws IOException {
    Map<String, StoredBody> byPartition = new LinkedHashMap<>();
    String first = null;
    for (Target t : targets) {
      String partition = t.partition() != null ? t.partition() : store.partitionOf(t.mailbox());
      StoredBody body = byPartition.get(partition);
      if (body == null) {
        if (first == null) {
          body = store.putBody(partition, message);
          first = partition;
        } else {
          body = store.copyBody(byPartition.get(first), first, partition);
        }
        byPartition.put(partition, body);
      }
      bodies.put(t, body);
      partitions.put(t, partition);
    }
  }

  // ---- appending ----

  private AppendOptions options(boolean create, String partition) {
    return new AppendOptions(
        settings.flags(), settings.keywords(), 0, create, settings.ignoreQuota(), partition);
  }

  /** Appends one copy; never throws: a failure is the recipient's. */
  private Recipient append(Target t, String partition, StoredBody body, MessageHeaders headers) {
    String mailbox = t.mailbox();
    try {
      Outcome o;
      try {
        o =
            store.appendStored(
                author, mailbox, partition, body, headers, options(t.create(), t.partition()));
      } catch (Rejected gone) {
        if (gone.kind() != Rejected.Kind.NOT_FOUND || !t.fallback()) {
          throw gone;
        }
        mailbox = MailboxNames.inboxOf(t.user()); // the folder was deleted meanwhile
        o =
            store.appendStored(
                author, mailbox, partition, body, headers, options(true, t.partition()));
      }
      long uid = o.eventsOf(MessageEvent.Appended.class).get(0).uid();
      return new Recipient(t.user(), mailbox, uid, 1, ExitCodes.OK, "");
    } catch (IOException | UncheckedIOException e) {
      return Recipient.failed(t.user(), mailbox, ExitCodes.of(e), message(e));
    } catch (RuntimeException | InternalError e) {
      // InternalError: a mapped journal write that faulted on a full disk (75, retried)
      if (e instanceof InternalError && !DiskFull.is(e)) {
        throw e;
      }
      return Recipient.failed(t.user(), mailbox, ExitCodes.of(e), message(e));
    }
  }

  private static String message(Throwable e) {
    if (DiskFull.is(e)) {
      return DiskFull.line(e);
    }
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ');
  }

  private Map<Target, Recipient> appendAll(
      List<Target> targets,
      Map<Target, StoredBody> bodies,
      Map<Target, String> partitions,
      MessageHeaders headers) {
    Map<Target, Recipient> done = new LinkedHashMap<>();
    if (targets.size() == 1) {
      Target t = targets.get(0);
      done.put(t, append(t, partitions.get(t), bodies.get(t), headers));
      return done;
    }
    int threads = Math.min(targets.size(), PARALLEL);
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, Thread.ofVirtual().name("deliver-", 0).factory());
    try {
      Map<Target, Future<Recipient>> pending = new LinkedHashMap<>();
      for (Target t : targets) {
        pending.put(t, pool.submit(() -> append(t, partitions.get(t), bodies.get(t), headers)));
      }
      for (var p : pending.entrySet()) {
        done.put(p.getKey(), await(p.getKey(), p.getValue()));
      }
    } finally {
      pool.shutdown();
    }
    return done;
  }

  private static Recipient await(Target t, Future<Recipient> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Recipient.failed(t.user(), t.mailbox(), ExitCodes.SOFTWARE, "interrupted");
    } catch (ExecutionException e) {
      return Recipient.failed(t.user(), t.mailbox(), ExitCodes.SOFTWARE, message(e.getCause()));
    }
  }

  private record LoadResult(Map<Target, Recipient> results, Delivery.Load figures) {}

  /**
   * Load mode: {@link #LOAD_WORKERS} threads append copies round-robin over the targets until the
   * time is up. A target that fails once gets no more copies.
   */
  private LoadResult load(
      List<Target> targets,
      Map<Target, StoredBody> bodies,
      Map<Target, String> partitions,
      MessageHeaders headers) {
    int n = targets.size();
    AtomicLong[] copies = new AtomicLong[n];
    AtomicLong[] lastUid = new AtomicLong[n];
    for (int i = 0; i < n; i++) {
      copies[i] = new AtomicLong();
      lastUid[i] = new AtomicLong();
    }
    AtomicReferenceArray<Recipient> failures = new AtomicReferenceArray<>(n);
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + (long) (settings.loadSeconds() * 1e9);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            LOAD_WORKERS, Thread.ofVirtual().name("deliver-load-", 0).factory());
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < LOAD_WORKERS; w++) {
      workers.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < deadline) {
                  int i = -1;
                  for (int tries = 0; tries < n; tries++) {
                    int candidate = (int) (next.getAndIncrement() % n);
                    if (failures.get(candidate) == null) {
                      i = candidate;
                      break;
                    }
                  }
                  if (i < 0) {
                    return; // every target failed
                  }
                  Target t = targets.get(i);
                  Recipient r = append(t, partitions.get(t), bodies.get(t), headers);
                  if (r.delivered()) {
                    copies[i].incrementAndGet();
                    lastUid[i].accumulateAndGet(r.uid(), Math::max);
                  } else {
                    failures.compareAndSet(i, null, r);
                  }
                }
              }));
    }
    try {
      for (Future<?> f : workers) {
        join(f);
      }
    } finally {
      pool.shutdown();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<Target, Recipient> done = new LinkedHashMap<>();
    long total = 0;
    for (int i = 0; i < n; i++) {
      Target t = targets.get(i);
      long c = copies[i].get();
      total += c;
      Recipient failed = failures.get(i);
      done.put(
          t,
          failed != null
              ? new Recipient(
                  t.user(),
                  failed.mailbox(),
                  lastUid[i].get(),
                  c,
                  failed.exitCode(),
                  failed.problem())
              : new Recipient(t.user(), t.mailbox(), lastUid[i].get(), c, ExitCodes.OK, ""));
    }
    return new LoadResult(done, new Delivery.Load(total, seconds));
  }

  private static void join(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a load worker failed: " + message(e.getCause()), e);
    }
  }
}
