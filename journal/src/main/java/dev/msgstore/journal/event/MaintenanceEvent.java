package dev.msgstore.journal.event;

/** Requests to running processes, carried by the journal because every process tails it. */
public sealed interface MaintenanceEvent extends Event {
  /** Ask running services to re-read their configuration; {@code service} may be "*". */
  record RefreshRequested(String service) implements MaintenanceEvent {}
}
