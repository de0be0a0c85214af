package dev.msgstore.services.lmtp;

import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.Syntax;
import java.time.Duration;

/**
 * The {@code service.lmtp.*} options the LMTP component reads when it starts (a change takes a
 * restart of the component: {@code stop-msg lmtp; start-msg lmtp}).
 *
 * @param listenAddress {@code service.lmtp.listenaddr}
 * @param port {@code service.lmtp.port}; 0: a port chosen for the store
 * @param maxMessageSize {@code service.lmtp.maxmessagesize}: bytes of message a transaction may
 *     carry (announced as SIZE); larger is 552 5.3.4
 * @param maxRecipients {@code service.lmtp.maxrcpts}: recipients per transaction; more is 452 4.5.3
 * @param maxLineLength {@code service.lmtp.maxlinelength}: bytes of a command line; longer is 500
 *     5.5.2 (message lines are limited only by the message size)
 * @param commandTimeout {@code service.lmtp.idletimeout}: how long a client may keep the server
 *     waiting for a command
 * @param dataTimeout {@code service.lmtp.datatimeout}: how long it may keep it waiting for more
 *     bytes of DATA or BDAT
 * @param maxSessionsPerClient {@code service.lmtp.maxsessionsperclient}: TCP connections at once
 *     from one client address; more get 421 4.7.0
 * @param overQuotaPermanent {@code service.lmtp.overquotapermanent}: over quota is 552 5.2.2
 *     instead of 452 4.2.2
 * @param saveToDetailMailbox {@code service.lmtp.savetodetailmailbox}: {@code joe+lists@...} goes
 *     to joe's folder {@code lists} when it exists (Dovecot's {@code lmtp_save_to_detail_mailbox})
 */
record LmtpSettings(
    String listenAddress,
    int port,
    long maxMessageSize,
    int maxRecipients,
    int maxLineLength,
    Duration commandTimeout,
    Duration dataTimeout,
    int maxSessionsPerClient,
    boolean overQuotaPermanent,
    boolean saveToDetailMailbox) {

  static final String PORT = "service.lmtp.port";
  static final String ADDRESS = "service.lmtp.listenaddr";

  /** The smallest line length that still takes an RFC 5321 command line (512 octets). */
  static final int MIN_LINE = 512;

  static LmtpSettings from(EffectiveConfig config) {
    return new LmtpSettings(
        config.value(ADDRESS).orElse("127.0.0.1").strip(),
        (int) number(config, PORT, 0),
        number(config, "service.lmtp.maxmessagesize", 52_428_800),
        (int)
            Math.min(Integer.MAX_VALUE, Math.max(1, number(config, "service.lmtp.maxrcpts", 1000))),
        (int)
            Math.min(
                1 << 20, Math.max(MIN_LINE, number(config, "service.lmtp.maxlinelength", 2048))),
        Duration.ofSeconds(Math.max(1, number(config, "service.lmtp.idletimeout", 300))),
        Duration.ofSeconds(Math.max(1, number(config, "service.lmtp.datatimeout", 180))),
        (int)
            Math.min(
                Integer.MAX_VALUE,
                Math.max(1, number(config, "service.lmtp.maxsessionsperclient", 100))),
        flag(config, "service.lmtp.overquotapermanent"),
        flag(config, "service.lmtp.savetodetailmailbox"));
  }

  private static long number(EffectiveConfig config, String name, long absent) {
    return config.value(name).map(v -> Long.parseLong(v.strip())).orElse(absent);
  }

  private static boolean flag(EffectiveConfig config, String name) {
    return config.value(name).map(Syntax::isTrue).orElse(false);
  }
}
