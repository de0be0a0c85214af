package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Rights;

/**
 * The read right on the selected mailbox, checked for every command that reads it (RFC 4314 section
 * 4: CHECK, FETCH, SEARCH, COPY from it; SORT and THREAD are searches) against the rights as of the
 * command's start: a user whose right was withdrawn while the mailbox was selected reads no more of
 * it.
 */
final class SelectedAccess {
  private SelectedAccess() {}

  /** The refusal, or null when the command may go on. */
  static Reply denied(ImapSession s, ImapCommand command) {
    boolean reads =
        command instanceof ImapCommand.Check
            || command instanceof ImapCommand.Fetch
            || command instanceof ImapCommand.Search
            || command instanceof ImapCommand.Sort
            || command instanceof ImapCommand.Thread
            || command instanceof ImapCommand.Copy;
    return reads && !Rights.has(s.selectedRights(), 'r') ? Reply.noPermission("read") : null;
  }
}
