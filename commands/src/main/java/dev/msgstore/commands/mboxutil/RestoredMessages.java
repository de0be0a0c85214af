package dev.msgstore.commands.mboxutil;

import java.util.List;

/**
 * What {@code mboxutil -R} restored into a mailbox (name in the {@code -E} encoding): each message
 * comes back under a new UID.
 */
public record RestoredMessages(String mailbox, List<RestoredMessage> messages) {
  /** One restored message: the UID it had when it was expunged, and the one it has now. */
  public record RestoredMessage(long expungedUid, long uid) {}

  public RestoredMessages {
    messages = List.copyOf(messages);
  }

  /** The line printed: {@code <mailbox>: N restored}. */
  String line() {
    return mailbox + ": " + messages.size() + " restored";
  }
}
