package dev.msgstore.journal.event;

/** Requests to running processes, carried by the journal because every process tails it. */
public sealed interface MaintenanceEvent extends Event {
  /** Ask running services to re-read their configuration; {@code service} may be "*". */
  record RefreshRequested(String service) implements MaintenanceEvent {}

  /**
   * {@code count} documents from index {@code firstIndex} were voided: a torn tail left by a power
   * cut (never acknowledged), or a damaged commit an administrator chose to skip. {@code reason}
   * says which and why.
   */
  record CommitsVoided(long firstIndex, long count, String reason) implements MaintenanceEvent {}

  /**
   * Ask the running daemon to close the sessions of {@code userId} on {@code service} ("imap",
   * "pop", or "*" for every protocol): imsconnutil -k.
   */
  record DisconnectRequested(String userId, String service) implements MaintenanceEvent {}
}
