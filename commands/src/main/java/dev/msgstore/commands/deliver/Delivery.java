package dev.msgstore.commands.deliver;

import dev.msgstore.commands.cli.ExitCodes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@code deliver} run did, for scripts: per recipient, the mailbox and UID it got, or why it
 * got nothing; in load mode ({@code -t}) also how many copies went in how long.
 *
 * @param recipients in the order they were named (or, with {@code -p}, matched)
 * @param load the load-mode figures, when {@code -t} was given
 */
public record Delivery(List<Recipient> recipients, Optional<Load> load) {
  public Delivery {
    recipients = List.copyOf(recipients);
  }

  /**
   * One recipient.
   *
   * @param user the user id
   * @param mailbox the mailbox delivered to (the folder asked for, or INBOX), or "" if none
   * @param uid the UID the message got (in load mode: the last copy's); 0 when not delivered
   * @param copies messages delivered: 1, or in load mode the number of copies
   * @param exitCode 0, or the sysexits code of the failure
   * @param problem why nothing was delivered, or "" when delivered
   */
  public record Recipient(
      String user, String mailbox, long uid, long copies, int exitCode, String problem) {
    public boolean delivered() {
      return exitCode == ExitCodes.OK;
    }

    static Recipient failed(String user, String mailbox, int exitCode, String problem) {
      return new Recipient(user, mailbox, 0, 0, exitCode, problem);
    }
  }

  /** Load mode: {@code copies} messages delivered in {@code seconds}. */
  public record Load(long copies, double seconds) {
    public double perSecond() {
      return seconds > 0 ? copies / seconds : 0;
    }

    /** The line deliver -t prints. */
    public String line(int mailboxes) {
      return String.format(
          Locale.ROOT,
          "delivered %d copies to %d mailbox%s in %.2f s: %.1f copies/s",
          copies,
          mailboxes,
          mailboxes == 1 ? "" : "es",
          seconds,
          perSecond());
    }
  }

  /** 0 when every recipient got the message, else the first failure's sysexits code. */
  public int exitCode() {
    return recipients.stream()
        .filter(r -> !r.delivered())
        .map(Recipient::exitCode)
        .findFirst()
        .orElse(ExitCodes.OK);
  }
}
