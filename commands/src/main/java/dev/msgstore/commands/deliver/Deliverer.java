package dev.msgstore.commands.deliver;

import dev.msgstore.commands.cli.DiskFull;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.deliver.Delivery.Recipient;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.MessageHeaders;
import dev.msgstore.store.Store;
import dev.msgstore.store.delivery.Delivered;
import dev.msgstore.store.delivery.DeliveryRules;
import dev.msgstore.store.delivery.LocalDelivery;
import dev.msgstore.store.delivery.Recipients;
import dev.msgstore.store.delivery.Refusal;
import dev.msgstore.store.delivery.Resolution;
import dev.msgstore.store.delivery.Result;
import dev.msgstore.store.delivery.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The work of {@code deliver}, on an open store: the options adapted to the store's one delivery
 * path ({@link Recipients} to find the recipients and their mailboxes, {@link LocalDelivery} to
 * store the body once per partition and append a copy to every mailbox), and the results turned
 * into sysexits codes. Load mode ({@code -t}) is deliver's own.
 */
final class Deliverer {
  /** Threads appending in load mode. */
  private static final int LOAD_WORKERS = 16;

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

  private final Store store;
  private final Settings settings;
  private final Recipients recipients;
  private final LocalDelivery path;

  Deliverer(Store store, Author author, Settings settings, DeliveryRules rules) {
    this.settings = settings;
    this.recipients = new Recipients(rules);
    this.path = new LocalDelivery(store, author);
    this.store = store;
  }

  Delivery deliver(List<String> names, MessageHead head, InputStream rest) throws IOException {
    List<Resolution> entries = resolve(names);
    List<Target> targets = new ArrayList<>();
    for (Resolution e : entries) {
      if (e instanceof Target t) {
        targets.add(t);
      }
    }
    if (targets.isEmpty()) {
      return new Delivery(
          entries.stream().map(e -> recipient((Refusal) e)).toList(), Optional.empty());
    }
    byte[] prefix = returnPathLine(head.lineEnd());
    MessageHeaders headers = head.headers(prefix.length);
    InputStream message = head.stream(prefix, rest);
    AppendOptions copy =
        new AppendOptions(settings.flags(), settings.keywords(), 0, false, settings.ignoreQuota());

    List<Recipient> done = new ArrayList<>(targets.size());
    Optional<Delivery.Load> load = Optional.empty();
    if (settings.loadSeconds() > 0) {
      LoadResult l = load(path.store(targets, message), headers, copy);
      done = l.results();
      load = Optional.of(l.figures());
    } else {
      for (Result r : path.deliver(targets, message, headers, copy)) {
        done.add(recipient(r));
      }
    }
    List<Recipient> out = new ArrayList<>(entries.size());
    int next = 0;
    for (Resolution e : entries) {
      out.add(e instanceof Refusal no ? recipient(no) : done.get(next++));
    }
    return new Delivery(out, load);
  }

  // ---- recipients ----

  private List<Resolution> resolve(List<String> names) {
    try (ProjectionReader r = store.read()) {
      List<String> users =
          settings.patterns()
              ? Recipients.matching(r, names)
              : List.copyOf(new LinkedHashSet<>(names));
      List<Resolution> entries = new ArrayList<>(users.size());
      if (users.isEmpty()) {
        String which = names.size() == 1 ? "'" + names.get(0) + "'" : "any of " + names;
        entries.add(
            new Refusal("", "", Refusal.Reason.UNKNOWN_USER, "no existing user matches " + which));
      }
      for (String user : users) {
        entries.add(recipients.forUser(r, user, settings.folder(), settings.create()));
      }
      return entries;
    }
  }

  /** A result as deliver reports it: its sysexits code and line. */
  private static Recipient recipient(Result result) {
    return switch (result) {
      case Delivered d -> new Recipient(d.user(), d.mailbox(), d.uid(), 1, ExitCodes.OK, "");
      case Refusal no when no.cause() != null ->
          Recipient.failed(no.user(), no.mailbox(), ExitCodes.of(no.cause()), message(no.cause()));
      case Refusal no ->
          Recipient.failed(
              no.user(),
              no.mailbox(),
              switch (no.reason()) {
                case UNKNOWN_USER, DISABLED -> ExitCodes.NO_USER;
                case TEMPORARY, OVER_QUOTA -> ExitCodes.TEMPORARY;
                case INVALID, TOO_BIG -> ExitCodes.DATA;
                case FAILED -> ExitCodes.SOFTWARE;
              },
              no.text());
    };
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

  private static String message(Throwable e) {
    if (DiskFull.is(e)) {
      return DiskFull.line(e);
    }
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ');
  }

  private record LoadResult(List<Recipient> results, Delivery.Load figures) {}

  /**
   * Load mode: {@link #LOAD_WORKERS} threads append copies round-robin over the targets until the
   * time is up. A target that fails once gets no more copies.
   */
  private LoadResult load(
      List<LocalDelivery.Stored> targets, MessageHeaders headers, AppendOptions copy) {
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
                  Recipient r = recipient(path.append(targets.get(i), headers, copy));
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
    List<Recipient> done = new ArrayList<>(n);
    long total = 0;
    for (int i = 0; i < n; i++) {
      Target t = targets.get(i).target();
      long c = copies[i].get();
      total += c;
      Recipient failed = failures.get(i);
      done.add(
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
