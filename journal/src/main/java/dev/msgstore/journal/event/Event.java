package dev.msgstore.journal.event;

/**
 * A fact that happened to the store, in the past tense. Every state change is one of these; the
 * projections are folds over them. A shipped event's meaning never changes: a new meaning is a new
 * type (or a new version of the type's codec), registered in {@code EventRegistry}.
 */
public sealed interface Event
    permits MailboxEvent,
        MessageEvent,
        AclEvent,
        QuotaEvent,
        SubscriptionEvent,
        ConfigEvent,
        DirectoryEvent,
        DirectoryEntryEvent,
        SessionEvent,
        MaintenanceEvent {}
