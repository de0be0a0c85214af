package dev.msgstore.projections.model;

/**
 * A message that left its mailbox for good but whose record is kept for undelete: purged after its
 * expunge, or in a mailbox that was deleted. {@code folder} and {@code partition} are its mailbox's
 * name and partition when it entered the vault (the body stays in that partition); {@code
 * expungedMicros} is when it left the mailbox's view (its expunge, or the mailbox's deletion), and
 * {@code vaultedMicros} when it stopped being restorable by other means (its purge, or the
 * deletion): {@code store.vault.retention} counts from then.
 */
public record VaultedMessage(
    MessageRecord message,
    String folder,
    String partition,
    long expungedMicros,
    long vaultedMicros) {}
