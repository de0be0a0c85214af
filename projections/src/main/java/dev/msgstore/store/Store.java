package dev.msgstore.store;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.journal.body.StoredBody;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.Projections;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.command.AppendMessage;
import dev.msgstore.store.command.Command;
import dev.msgstore.store.command.DecisionContext;
import dev.msgstore.store.command.RenameMailbox;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.OptionCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one write path (DESIGN.md): a body goes to the body store first; then, under the journal's
 * write lock, the projections are caught up to the end of the journal, the command decides its
 * events against that state, the events are written as one commit, and applied. A rejected command
 * writes nothing. Reads go to the projections, caught up first. In a process, one thread does the
 * deciding and writing for every caller: the {@link Sequencer}.
 */
public final class Store implements AutoCloseable {
  private final Path root;
  private final Clock clock;
  private final Journal journal;
  private final Projections projections;
  private final Map<String, BodyStore> bodies = new ConcurrentHashMap<>();
  private final Sequencer sequencer;
  private final String rebuiltBecause;

  private Store(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
    this.journal = Journal.open(StoreLayout.journal(root), clock);
    try {
      this.projections = Projections.open(StoreLayout.projections(root));
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
    String reason = projections.rebuiltBecause().orElse(null);
    if (reason == null
        && projections.stamp() == Journal.NO_INDEX
        && journal.lastIndex() != Journal.NO_INDEX) {
      reason = "the projections were missing or empty";
    }
    this.rebuiltBecause = reason;
    projections.catchUp(journal);
    this.sequencer = new Sequencer(journal, projections, this::decisionContext, root.toString());
    sequencer.start();
  }

  public static Store open(Path root) {
    return open(root, Clock.systemUTC());
  }

  public static Store open(Path root, Clock clock) {
    return new Store(root.toAbsolutePath().normalize(), clock);
  }

  public Path root() {
    return root;
  }

  public Journal journal() {
    return journal;
  }

  public Projections projections() {
    return projections;
  }

  /** Why this open rebuilt the projections from the journal, if it did. */
  public Optional<String> rebuiltBecause() {
    return Optional.ofNullable(rebuiltBecause);
  }

  /** Decides and commits {@code command}; throws {@link Rejected} and writes nothing if refused. */
  public Outcome execute(Author author, Command command) {
    return sequencer.execute(author, command, List.of());
  }

  private DecisionContext decisionContext(ProjectionReader state) {
    return new DecisionContext(
        state,
        clock.millis(),
        () -> Partitions.of(root, state.configOverrides()),
        (partition, digest) -> hasBody(state, partition, digest));
  }

  /**
   * Stores the message body in the mailbox's partition, then appends it. The header (size,
   * Message-ID, Date) is read from the first {@link MessageHeaders#SCAN_LIMIT} bytes. The body's
   * fsync is shared with every other message committed in the same batch.
   */
  public Outcome append(Author author, String mailbox, InputStream message, AppendOptions options)
      throws IOException {
    HeadCapture head = new HeadCapture(message, MessageHeaders.SCAN_LIMIT);
    String partition = partitionOf(mailbox);
    StagedBody body = bodies(partition).stage(head);
    return append(author, mailbox, partition, body, head.headers(), options);
  }

  /** Appends a body already durable in the body store of {@code partition}. */
  public Outcome appendStored(
      Author author,
      String mailbox,
      String partition,
      StoredBody body,
      MessageHeaders headers,
      AppendOptions options)
      throws IOException {
    return append(author, mailbox, partition, StagedBody.durable(body), headers, options);
  }

  private Outcome append(
      Author author,
      String mailbox,
      String partition,
      StagedBody staged,
      MessageHeaders headers,
      AppendOptions options)
      throws IOException {
    StoredBody body = staged.body();
    AppendMessage command =
        new AppendMessage(
            mailbox,
            body.digest(),
            body.size(),
            headers.headerSize(),
            options.internalDate(),
            headers.sentDate(),
            options.flags(),
            options.keywords(),
            headers.messageId(),
            options.create(),
            options.ignoreQuota());
    List<StagedBody> waitFor = List.of(staged);
    for (int attempt = 0; ; attempt++) {
      try {
        return sequencer.execute(author, command, waitFor);
      } catch (AppendMessage.BodyNotInPartition moved) {
        // The mailbox moved to another partition since we looked: copy the body there first.
        if (attempt == 3) {
          throw moved;
        }
        try (InputStream in = bodies(partition).open(body.digest())) {
          waitFor = List.of(bodies(moved.partition()).stage(in));
        }
        partition = moved.partition();
      }
    }
  }

  /**
   * Renames a mailbox (and its children) and, when {@code partition} differs, moves it there:
   * bodies are copied to the new partition first, then the rename is one commit.
   */
  public Outcome moveMailbox(Author author, String oldName, String newName, String partition)
      throws IOException {
    RenameMailbox rename = new RenameMailbox(oldName, newName, partition);
    for (int attempt = 0; ; attempt++) {
      if (partition != null) {
        copyBodies(oldName, partition);
      }
      try {
        return execute(author, rename);
      } catch (AppendMessage.BodyNotInPartition missing) {
        // Messages arrived while the bodies were being copied: copy again.
        if (attempt == 3) {
          throw missing;
        }
      }
    }
  }

  private void copyBodies(String mailbox, String partition) throws IOException {
    List<MailboxRecord> boxes = new ArrayList<>();
    try (ProjectionReader r = read()) {
      String name = MailboxNames.canonical(mailbox);
      r.mailbox(name).ifPresent(boxes::add);
      r.forEachMailbox(name + "/", boxes::add);
      BodyStore target = bodies(partition);
      for (MailboxRecord m : boxes) {
        if (m.partition().equals(partition)) {
          continue;
        }
        BodyStore source = bodies(m.partition());
        for (var msg : r.messages(m.id())) {
          if (!target.contains(msg.digest())) {
            try (InputStream in = source.open(msg.digest())) {
              target.put(in);
            }
          }
        }
      }
    }
  }

  /** The partition a message for {@code mailbox} goes to: the mailbox's, or its owner's. */
  public String partitionOf(String mailbox) {
    // No catch-up: if the mailbox has just moved, the append is told and copies the body over.
    try (ProjectionReader r = projections.beginRead()) {
      String name = MailboxNames.canonical(mailbox);
      return r.mailbox(name)
          .map(MailboxRecord::partition)
          .or(() -> MailboxNames.ownerOf(name).flatMap(r::user).map(u -> u.partition()))
          .orElse(Partitions.DEFAULT);
    }
  }

  /** A read view caught up with the journal. Close it when done. */
  public ProjectionReader read() {
    refresh();
    return projections.beginRead();
  }

  /** Applies what other processes have committed since this one last looked. */
  public void refresh() {
    if (projections.behind(journal)) {
      sequencer.catchUp();
    }
  }

  /** The configuration in force: the catalog's defaults under the journal's options, caught up. */
  public EffectiveConfig config() {
    try (ProjectionReader r = read()) {
      return new EffectiveConfig(OptionCatalog.standard(), r.configOverrides());
    }
  }

  public Partitions partitions() {
    try (ProjectionReader r = projections.beginRead()) {
      return Partitions.of(root, r.configOverrides());
    }
  }

  /** The body store of a partition, opened on first use. */
  public BodyStore bodies(String partition) {
    BodyStore open = bodies.get(partition);
    return open != null ? open : bodies(partition, partitions());
  }

  private BodyStore bodies(String partition, Partitions known) {
    Path path = known.path(partition);
    return bodies.computeIfAbsent(
        partition,
        p -> {
          try {
            return SegmentBodyStore.open(path.resolve("bodies"));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot open the body store of partition " + p, e);
          }
        });
  }

  /** Reads a message body, from the partition its mailbox lives on. */
  public InputStream openBody(String partition, Digest digest) throws IOException {
    return bodies(partition).open(digest);
  }

  private boolean hasBody(ProjectionReader state, String partition, Digest digest) {
    BodyStore open = bodies.get(partition);
    if (open == null) {
      Partitions known = Partitions.of(root, state.configOverrides());
      if (!known.exists(partition)) {
        return false;
      }
      open = bodies(partition, known);
    }
    return open.contains(digest);
  }

  @Override
  public void close() {
    sequencer.close();
    RuntimeException failure = null;
    for (BodyStore b : bodies.values()) {
      try {
        b.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    projections.close();
    journal.close();
    if (failure != null) {
      throw failure;
    }
  }
}
