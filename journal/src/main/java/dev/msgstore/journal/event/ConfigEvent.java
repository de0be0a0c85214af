package dev.msgstore.journal.event;

/** Configuration changes; each carries the value it replaced, so the journal is the history. */
public sealed interface ConfigEvent extends Event {
  String name();

  /** {@code oldValue} is empty when the option was not set before. */
  record OptionSet(String name, String oldValue, String newValue) implements ConfigEvent {}

  record OptionDeleted(String name, String oldValue) implements ConfigEvent {}
}
