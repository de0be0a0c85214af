package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.VaultedMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Forgets the vaulted messages of mailbox id {@code mailboxId} (which may no longer exist) that
 * entered the vault before {@code beforeMicros}: undelete no longer lists them, and their bodies
 * are no longer kept for them ({@code store.vault.retention}).
 */
public record ForgetVaulted(long mailboxId, long beforeMicros) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Long> uids = new ArrayList<>();
    for (VaultedMessage v : ctx.state().vaulted(mailboxId)) {
      if (v.vaultedMicros() < beforeMicros) {
        uids.add(v.message().uid());
      }
    }
    return uids.isEmpty() ? List.of() : List.of(new MessageEvent.Forgotten(mailboxId, uids));
  }
}
