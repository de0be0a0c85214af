package dev.msgstore.store.expire;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.AppendMessage;
import dev.msgstore.store.command.ExpireMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An imexpire run over the store: every mailbox of the chosen users (or partition) judged against
 * the rules that apply to it, and what they expire committed as one {@link ExpireMessages} per
 * mailbox, whose actor is {@code imexpire} and whose origin names the rules, so that {@code journal
 * --actor imexpire} says what expired and why. A mailbox's commit is all or nothing; a run stopped
 * halfway leaves every mailbox either done or untouched. The verb and the daemon's scheduler both
 * call {@link #run}.
 */
public final class Expire {
  public static final String ACTOR = "imexpire";

  private final Store store;
  private final ExpireRules rules;
  private final ExpireOptions options;
  private final ExpireListener listener;
  private final MailboxJudge judge;
  private final java.util.Set<RuleScope> scopesWithRules = new java.util.HashSet<>();
  private final Map<String, Semaphore> partitionSlots = new ConcurrentHashMap<>();
  private final List<ExpireReport.MailboxExpiry> changed =
      Collections.synchronizedList(new ArrayList<>());
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong mailboxes = new AtomicLong();
  private final AtomicLong examined = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();
  private final AtomicLong filed = new AtomicLong();
  private final AtomicLong reported = new AtomicLong();
  private final AtomicLong archived = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong usersDone = new AtomicLong();
  private final AtomicLong lastProgress;
  private final long started = System.nanoTime();
  private long userCount;

  private Expire(Store store, ExpireRules rules, ExpireOptions options, ExpireListener listener) {
    this.store = store;
    this.rules = rules;
    this.options = options;
    this.listener = listener;
    this.judge = new MailboxJudge(store, options.clock().millis());
    rules.rules().forEach(r -> scopesWithRules.add(r.scope()));
    this.lastProgress = new AtomicLong(started);
  }

  /**
   * Runs {@code rules} over the store as {@code options} say, telling {@code listener} what it
   * reports; returns what it did. Throws {@link Rejected} (nothing done) for an unknown user or
   * partition, and {@link RuleSyntaxException} when a mailbox would get more than {@code maxRules}
   * rules.
   */
  public static ExpireReport run(
      Store store, ExpireRules rules, ExpireOptions options, ExpireListener listener) {
    return new Expire(store, rules, options, listener).go();
  }

  private ExpireReport go() {
    Map<String, List<MailboxRecord>> byUser = selectMailboxes();
    userCount = byUser.size();
    checkPolicySizes(byUser);
    List<AutoCloseable> partitionLocks = new ArrayList<>();
    for (Map.Entry<String, Path> p : store.partitions().paths().entrySet()) {
      if (options.partition() == null || options.partition().equals(p.getKey())) {
        RuleFiles.holdShared(p.getValue().resolve(RuleFiles.FILE), !options.trial())
            .ifPresent(partitionLocks::add);
      }
    }
    int threads = Math.max(1, Math.min(options.threads(), byUser.size()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "imexpire");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> work = new ArrayList<>();
      for (Map.Entry<String, List<MailboxRecord>> u : byUser.entrySet()) {
        work.add(pool.submit(() -> user(u.getKey(), u.getValue())));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("imexpire was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      partitionLocks.forEach(Expire::release);
    }
    ExpireReport report =
        new ExpireReport(
            options.trial(),
            userCount,
            mailboxes.get(),
            examined.get(),
            discarded.get(),
            filed.get(),
            reported.get(),
            archived.get(),
            commits.get(),
            sorted(changed),
            failures,
            System.nanoTime() - started);
    listener.statistic(0, report.line());
    return report;
  }

  private boolean hasRulesOf(RuleScope scope) {
    return scopesWithRules.contains(scope);
  }

  /** Every mailbox's policy within -m, checked before anything runs. */
  private void checkPolicySizes(Map<String, List<MailboxRecord>> byUser) {
    List<String> over = new ArrayList<>();
    byUser.forEach(
        (owner, boxes) -> {
          for (MailboxRecord m : boxes) {
            int n =
                rules.forMailbox(m.name(), owner.isEmpty() ? null : owner, m.partition()).size();
            if (n > options.maxRules()) {
              over.add(
                  m.name()
                      + ": "
                      + n
                      + " rules apply, more than the "
                      + options.maxRules()
                      + " a policy may have (-m)");
            }
          }
        });
    if (!over.isEmpty()) {
      throw new RuleSyntaxException(over);
    }
  }

  private static List<ExpireReport.MailboxExpiry> sorted(List<ExpireReport.MailboxExpiry> l) {
    List<ExpireReport.MailboxExpiry> s = new ArrayList<>(l);
    s.sort(java.util.Comparator.comparing(ExpireReport.MailboxExpiry::mailbox));
    return s;
  }

  /** The mailboxes to judge, by owner ("" for shared ones), in name order. */
  private Map<String, List<MailboxRecord>> selectMailboxes() {
    Map<String, List<MailboxRecord>> byUser = new TreeMap<>();
    if (options.partition() != null && !store.partitions().exists(options.partition())) {
      throw Rejected.notFound("no such partition: " + options.partition());
    }
    String prefix = options.user() == null ? "" : MailboxNames.USER_PREFIX + options.user() + "/";
    try (ProjectionReader r = store.read()) {
      r.forEachMailbox(
          prefix,
          m -> {
            if (options.partition() == null || options.partition().equals(m.partition())) {
              String owner = m.owner().orElse("");
              if (options.user() == null || options.user().equals(owner)) {
                byUser.computeIfAbsent(owner, k -> new ArrayList<>()).add(m);
              }
            }
            return true;
          });
    }
    if (options.user() != null && byUser.isEmpty()) {
      throw Rejected.notFound("no such user: " + options.user());
    }
    return byUser;
  }

  private void user(String owner, List<MailboxRecord> boxes) {
    List<AutoCloseable> locks = new ArrayList<>();
    // A user's lock matters only while their own rule file's rules run: none, no lock to take.
    if (!owner.isEmpty() && hasRulesOf(RuleScope.user(owner))) {
      try {
        RuleFiles.holdShared(RuleFiles.path(store, RuleScope.user(owner)), !options.trial())
            .ifPresent(locks::add);
      } catch (Rejected gone) {
        return; // the user's mailboxes went since the run listed them
      }
    }
    long userExamined = 0;
    long userExpired = 0;
    try {
      for (MailboxRecord m : boxes) {
        long[] counts = mailbox(m, owner);
        userExamined += counts[0];
        userExpired += counts[1];
      }
    } finally {
      locks.forEach(Expire::release);
    }
    if (!owner.isEmpty()) {
      listener.statistic(
          1,
          "user "
              + owner
              + ": "
              + boxes.size()
              + " mailboxes, "
              + userExamined
              + " messages examined, "
              + userExpired
              + (options.trial() ? " would expire" : " expired"));
    }
    usersDone.incrementAndGet();
    progress();
  }

  /** Judges and commits one mailbox; returns {examined, expired}. */
  private long[] mailbox(MailboxRecord listed, String owner) {
    List<ExpireRule> apply =
        rules.forMailbox(listed.name(), owner.isEmpty() ? null : owner, listed.partition());
    mailboxes.incrementAndGet();
    if (apply.isEmpty()) {
      return new long[2];
    }
    Semaphore slot =
        partitionSlots.computeIfAbsent(
            listed.partition(), p -> new Semaphore(options.threadsPerPartition()));
    slot.acquireUninterruptibly();
    Optional<AutoCloseable> mailboxLock = Optional.empty();
    try {
      if (!owner.isEmpty()
          && apply.stream().anyMatch(r -> r.scope().kind() == RuleScope.Kind.MAILBOX)) {
        try {
          mailboxLock =
              RuleFiles.holdShared(
                  RuleFiles.path(store, RuleScope.mailbox(listed.name())), !options.trial());
        } catch (Rejected gone) {
          return new long[2];
        }
      }
      MailboxRecord m;
      MailboxJudge.Verdict v;
      try (ProjectionReader r = store.read()) {
        Optional<MailboxRecord> now = r.mailbox(listed.id());
        if (now.isEmpty() || !now.get().name().equals(listed.name())) {
          return new long[2]; // deleted or renamed since listed
        }
        m = now.get();
        v = judge.judge(r, m, apply);
      }
      examined.addAndGet(v.examined());
      if (!v.expired().isEmpty()) {
        act(m, v.expired());
      }
      listener.statistic(
          2,
          "mailbox "
              + m.name()
              + ": "
              + v.examined()
              + " messages examined, "
              + v.expired().size()
              + (options.trial() ? " would expire" : " expired")
              + summary(v.expired()));
      return new long[] {v.examined(), v.expired().size()};
    } finally {
      mailboxLock.ifPresent(Expire::release);
      slot.release();
    }
  }

  private void act(MailboxRecord m, List<ExpireReport.Expired> expired) {
    List<Long> discard = new ArrayList<>();
    Map<String, List<Long>> fileInto = new LinkedHashMap<>();
    List<ExpireReport.Expired> done = new ArrayList<>();
    long left = 0;
    for (ExpireReport.Expired e : expired) {
      listener.statistic(
          3,
          "message "
              + m.name()
              + " uid "
              + e.uid()
              + ": rule "
              + e.rule()
              + " "
              + e.action()
              + (e.target() == null ? "" : " " + e.target())
              + " ("
              + e.why()
              + ")");
      switch (e.action()) {
        case "discard" -> discard.add(e.uid());
        case "fileinto" ->
            fileInto.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(e.uid());
        case "report" -> listener.report(m.name() + " " + e.uid() + " " + m.uidValidity());
        default -> {
          left++;
          continue;
        }
      }
      done.add(e);
    }
    if (left > 0) {
      archived.addAndGet(left);
      listener.warning(
          "imexpire: "
              + m.name()
              + ": "
              + left
              + " messages left alone: the archive"
              + " action (AxsOne archive store) is deprecated since Messaging Server 8.0.2");
    }
    reported.addAndGet(done.stream().filter(e -> e.action().equals("report")).count());
    if (discard.isEmpty() && fileInto.isEmpty()) {
      return;
    }
    if (!options.trial()) {
      try {
        commit(m, new ExpireMessages(m.name(), m.uidValidity(), discard, fileInto), done);
      } catch (Rejected | UncheckedIOException e) {
        failures.add(m.name() + ": " + e.getMessage());
        listener.warning("imexpire: " + m.name() + ": not expired: " + e.getMessage());
        return;
      }
    }
    discarded.addAndGet(discard.size());
    filed.addAndGet(fileInto.values().stream().mapToLong(List::size).sum());
    changed.add(new ExpireReport.MailboxExpiry(m.name(), m.uidValidity(), done));
  }

  private void commit(MailboxRecord m, ExpireMessages command, List<ExpireReport.Expired> why) {
    Author author = Author.of(ACTOR, origin(m, why));
    for (int attempt = 0; ; attempt++) {
      try {
        store.execute(author, command);
        commits.incrementAndGet();
        return;
      } catch (AppendMessage.BodyNotInPartition missing) {
        if (attempt == 3) {
          throw missing;
        }
        copyBodies(m, command, missing.partition());
      }
    }
  }

  /** A fileinto target on another partition gets the bodies it names there first. */
  private void copyBodies(MailboxRecord m, ExpireMessages command, String partition) {
    try (ProjectionReader r = store.read()) {
      for (List<Long> uids : command.fileInto().values()) {
        for (long uid : uids) {
          Optional<MessageRecord> msg = r.message(m.id(), uid);
          if (msg.isPresent() && !store.bodies(partition).contains(msg.get().digest())) {
            try (InputStream in = store.openMessage(m, msg.get())) {
              store.bodies(partition).put(in);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code rule R1 (file:line): discard 3; rule R2 (...): fileinto user/joe/Old 2; by alice "cmd"}
   */
  private String origin(MailboxRecord m, List<ExpireReport.Expired> why) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (ExpireReport.Expired e : why) {
      if (!e.action().equals("report")) {
        counts.merge(
            ruleLabel(e.rule()) + ": " + e.action() + (e.target() == null ? "" : " " + e.target()),
            1L,
            Long::sum);
      }
    }
    StringBuilder sb = new StringBuilder("imexpire ").append(m.name()).append(": ");
    String sep = "";
    for (Map.Entry<String, Long> c : counts.entrySet()) {
      sb.append(sep).append("rule ").append(c.getKey()).append(' ').append(c.getValue());
      sep = "; ";
    }
    Author by = options.by();
    if (by != null) {
      sb.append("; by ").append(by.actor()).append(" \"").append(by.origin()).append('"');
    }
    return sb.toString();
  }

  private String ruleLabel(String name) {
    for (ExpireRule r : rules.rules()) {
      if (r.name().equals(name)) {
        return r.label();
      }
    }
    return name;
  }

  private static String summary(List<ExpireReport.Expired> expired) {
    if (expired.isEmpty()) {
      return "";
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (ExpireReport.Expired e : expired) {
      counts.merge(
          "rule " + e.rule() + ": " + e.action() + (e.target() == null ? "" : " " + e.target()),
          1L,
          Long::sum);
    }
    StringBuilder sb = new StringBuilder(" (");
    String sep = "";
    for (Map.Entry<String, Long> c : counts.entrySet()) {
      sb.append(sep).append(c.getKey()).append(' ').append(c.getValue());
      sep = "; ";
    }
    return sb.append(')').toString();
  }

  private void progress() {
    if (options.progressEvery() == null) {
      return;
    }
    long now = System.nanoTime();
    long last = lastProgress.get();
    if (now - last >= options.progressEvery().toNanos() && lastProgress.compareAndSet(last, now)) {
      listener.progress(
          String.format(
              java.util.Locale.ROOT,
              "imexpire: %d/%d users, %d mailboxes, %d messages examined, %d expired, %.1f s",
              usersDone.get(),
              userCount,
              mailboxes.get(),
              examined.get(),
              discarded.get() + filed.get() + reported.get(),
              (now - started) / 1e9));
    }
  }

  private static void release(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // the lock goes with its channel; a failed close leaves it to the process's exit
    }
  }
}
