package dev.msgstore.store.command;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.Rejected;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * What a command may consult while deciding: the state caught up to the end of the journal, the
 * time, the partitions, and whether a body is stored. It allocates mailbox ids for the commit.
 */
public final class DecisionContext {
  private final ProjectionReader state;
  private final long nowMillis;
  private final Supplier<Partitions> partitionsSource;
  private Partitions partitions;
  private final BiPredicate<String, Digest> bodyStored;
  private long nextMailboxId;

  public DecisionContext(
      ProjectionReader state,
      long nowMillis,
      Supplier<Partitions> partitions,
      BiPredicate<String, Digest> bodyStored) {
    this.state = state;
    this.nowMillis = nowMillis;
    this.partitionsSource = partitions;
    this.bodyStored = bodyStored;
    this.nextMailboxId = state.nextMailboxId();
  }

  public ProjectionReader state() {
    return state;
  }

  public long nowMillis() {
    return nowMillis;
  }

  /** The configured partitions, read once per decision and only if a command asks. */
  public Partitions partitions() {
    if (partitions == null) {
      partitions = partitionsSource.get();
    }
    return partitions;
  }

  public boolean bodyStored(String partition, Digest digest) {
    return bodyStored.test(partition, digest);
  }

  long allocateMailboxId() {
    return nextMailboxId++;
  }

  /** The existing mailbox of that name (INBOX in any case), or a NOT_FOUND rejection. */
  public MailboxRecord existing(String name) {
    return state
        .mailbox(MailboxNames.canonical(name))
        .orElseThrow(() -> Rejected.notFound("no such mailbox: " + name));
  }

  /** {@code name} in canonical form, or an INVALID rejection saying what is wrong with it. */
  static String validName(String name) {
    MailboxNames.problem(name)
        .ifPresent(
            p -> {
              throw Rejected.invalid(p);
            });
    return MailboxNames.canonical(name);
  }

  /** The partition a new mailbox goes to: the one asked for, else its owner's, else primary. */
  String partitionFor(String canonicalName, String requested) {
    if (requested != null) {
      if (!partitions().exists(requested)) {
        throw Rejected.notFound("no such partition: " + requested);
      }
      return requested;
    }
    return MailboxNames.ownerOf(canonicalName)
        .flatMap(state::user)
        .map(u -> u.partition())
        .filter(p -> partitions().exists(p))
        .orElse(Partitions.DEFAULT);
  }
}
