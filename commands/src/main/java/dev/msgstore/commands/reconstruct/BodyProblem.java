package dev.msgstore.commands.reconstruct;

import dev.msgstore.journal.body.BodyCheck;
import dev.msgstore.journal.body.Digest;

/** A message whose body failed its check, and what reconstruct did about it. */
public record BodyProblem(
    String mailbox, long uid, String partition, Digest digest, BodyCheck check, String outcome) {

  public String line() {
    return mailbox
        + ": uid "
        + uid
        + ": body "
        + digest.hex()
        + " on partition "
        + partition
        + " is "
        + check
        + ": "
        + outcome;
  }
}
