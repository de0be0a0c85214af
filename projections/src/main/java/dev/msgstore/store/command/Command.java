package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import java.util.List;

/**
 * A request to change the store. {@link #decide} is pure: given the caught-up state it returns the
 * events to write, or throws {@link dev.msgstore.store.Rejected} and nothing is written.
 */
public sealed interface Command
    permits CreateMailbox,
        DeleteMailbox,
        RenameMailbox,
        AppendMessage,
        StoreFlags,
        Expunge,
        RestoreExpunged,
        Purge,
        SetAcl,
        SetQuota,
        Subscribe,
        SetConfig,
        SetConfigs,
        CreateUser,
        SetUserStatus,
        RecordSharedAccess,
        ForgetSharedAccess,
        SetAcls,
        RequestRefresh,
        CreateMailboxes,
        DeleteMailboxes,
        MoveAccount,
        CreateUserEntry,
        ModifyUserEntry,
        DeleteUserEntry,
        SetPassword,
        CreateDomainEntry,
        ModifyDomainEntry,
        DeleteDomainEntry,
        SetQuotas,
        CopyMessages,
        SetSpecialUse,
        PurgeAccount,
        RecordQuotaNotice,
        ModifyAcl,
        RecordUserAccess,
        RequestDisconnect,
        ExpireMessages,
        RestoreMailbox,
        RestoreAccount,
        RestorePointInTime,
        UndeleteMessages,
        ForgetVaulted,
        StartMove,
        EndMove {

  List<Event> decide(DecisionContext ctx);
}
