package dev.msgstore.store.expire;

/**
 * How a rule's {@code seen} or {@code deleted} attribute combines the flag with its other criteria:
 * {@code and}, the message must also carry the flag; {@code or}, the flag alone expires it.
 */
public enum FlagCondition {
  NONE,
  AND,
  OR
}
