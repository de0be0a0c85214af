/**
 * {@code deliver} (reference Table 71-3 and 71-4): one RFC 822 message from standard input into the
 * store, the way an MTA calls it.
 *
 * <p>The recipients, folders, flags, quota and status rules are the store's ({@code
 * dev.msgstore.store.delivery}: {@code Recipients} and {@code LocalDelivery}), the same path LMTP
 * takes; this package adapts deliver's options to it and its results to sysexits codes.
 *
 * <p>What this implementation chose where the reference is silent:
 *
 * <ul>
 *   <li><b>Faithful storage.</b> The bytes on standard input are the stored message (after the
 *       {@code Return-Path:} line {@code -r} puts first, written with the message's own line end):
 *       8-bit header bytes, bare LF line ends and a missing Message-ID are kept as they came. The
 *       header (Message-ID, Date as the sent date) is parsed with jakarta.mail's {@code
 *       InternetHeaders} and {@code MailDateFormat}; its size (up to and including the blank line)
 *       is found by {@link dev.msgstore.commands.deliver.MessageHead}'s own scan.
 *   <li><b>Not a message.</b> Empty input, a first line that is not a header field (an mbox {@code
 *       From } line included), or no blank line ending the header within the first 256 KiB: one
 *       line on standard error, exit 65, and the store is not even opened. A message that is all
 *       header (no blank line, no body, every line a header field) is accepted, as RFC 5322 allows.
 *   <li><b>One body per partition.</b> The first 256 KiB are read to check the message; the whole
 *       input then streams into the body store of the first recipient's partition (which spools it:
 *       at most 1 MiB in heap, the rest in a temporary file next to the segments), and is copied
 *       from there to any other partition a recipient lives on. Then one append per recipient (one
 *       commit each, so one recipient's failure does not touch the others), issued in parallel so
 *       they share the store's group commit.
 *   <li><b>Recipients.</b> A userid the store does not know gets its INBOX created by the first
 *       delivery (like a first LMTP delivery). A userid the store cannot hold ({@code /}, {@code
 *       *}, {@code %}, control characters) or whose directory status is removed or deleted gets
 *       nothing: exit 67. Status inactive or hold, and over quota: exit 75 (EX_TEMPFAIL, so the MTA
 *       retries). A userid listed twice gets one copy. With {@code -p} the arguments are patterns
 *       ({@code *}, also IMAP's {@code %}) over the existing users: active users of the directory
 *       and owners of a {@code user/<uid>/INBOX} it does not list; a pattern that matches nobody is
 *       exit 67 and nothing is stored.
 *   <li><b>Folders.</b> {@code -m} delivers to {@code user/<uid>/<folder>} when it exists (or is
 *       created by {@code -c}), else to INBOX, as the reference says; if the folder is deleted
 *       between the look-up and the append, the copy goes to INBOX too. No ACL is consulted: the
 *       reference's {@code -a authid} is not part of this syntax. {@code -E} accepts {@code
 *       IMAP-mailbox-name} / {@code M-UTF-7} (the default: the name must be valid modified UTF-7)
 *       and {@code UTF-8} (encoded to modified UTF-7).
 *   <li><b>Flags.</b> {@code -g} takes system flags by IMAP name in any case ({@code \Recent} is
 *       refused: it is per session) and keywords (IMAP atoms); anything else is a usage error.
 *   <li><b>Output.</b> Nothing on success; one line per recipient that got nothing ({@code deliver:
 *       <uid>: <why>}); exit 0 only when every recipient got the message, else the first failure's
 *       sysexits code. {@code -t} prints {@code delivered N copies to M mailbox(es) in S s: R
 *       copies/s} (16 appenders round-robin over the recipients until the time is up).
 *   <li>{@code -x} is accepted and has no effect: there is no external indexer to call.
 *   <li><b>Through the daemon.</b> While the store's daemon answers on {@code run/lmtp.sock}, the
 *       message goes to it over LMTP ({@link dev.msgstore.commands.deliver.LmtpHandOff}; BDAT when
 *       offered, so the bytes arrive as they are) and each reply becomes the code deliver gives
 *       in-process for the same verdict. The launcher runs such a delivery in a small JVM of its
 *       own ({@link dev.msgstore.commands.deliver.DeliverFastPath}). What LMTP cannot carry stays
 *       in-process: -m, -c, -g, -q, -p, -t, a dry run, JSON output, a run whose result a script
 *       reads, a user id the store does not know yet (the daemon answers 550 5.1.1, LMTP making no
 *       account; deliver makes their INBOX), a -r address LMTP refuses, and {@code
 *       MSGSTORE_DELIVER=local}. The daemon's copy starts with {@code Return-Path: <sender>} (the
 *       -r address, else {@code <>}), as every LMTP delivery's.
 * </ul>
 */
package dev.msgstore.commands.deliver;
