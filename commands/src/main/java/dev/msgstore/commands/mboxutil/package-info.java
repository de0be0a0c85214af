/**
 * {@code mboxutil} (reference Table 71-26). Choices where the reference is silent:
 *
 * <ul>
 *   <li>Names are modified UTF-7 (as stored) on the command line, in files and in output unless
 *       {@code -E} names another encoding (e.g. UTF-8); UTF-16/32 are refused. With {@code -E} a
 *       {@code -p} pattern is matched against the decoded names. {@code -P} is RE2 (linear time),
 *       unanchored like POSIX {@code regexec}, against the names as displayed.
 *   <li>{@code -l}: seven columns joined by the {@code -B} bound (one space by default): msgs,
 *       Kbytes (bytes / 1024, rounded down), date and time of the last append (local time, {@code
 *       TZ}), partition, quota root (the owner's storage limit in KB on the INBOX row), mailbox.
 *       Each user's INBOX comes first, then name order. {@code -x} adds two lines after each row,
 *       {@code " path: ..."} and {@code " acl: <id> <rights> ..."} ({@code -} if none); the path is
 *       {@code <partition>/=user/<hh>/<hh>/=<uid>[/=<folder>...]} with hh the first two bytes of
 *       SHA-256(uid). {@code -z} ends the listing with {@code Total mailboxes: N}.
 *   <li>{@code -D} lists deleted mailboxes from the journal: msgs and Kbytes are {@code -} (not
 *       kept after deletion), the date column is when it was deleted; JSON adds who deleted it.
 *   <li>{@code --format json}: one object per line for {@code -l}, {@code -o} and {@code -S}.
 *   <li>{@code -c}, {@code -d}: a list (file, pattern) is one commit, all or nothing. A user's
 *       first folder brings their INBOX (the store decides it, for {@code deliver -c} too).
 *       Deleting {@code user/<uid>/INBOX} deletes every {@code user/<uid>/*} mailbox.
 *   <li>{@code -r}: every pair of {@code -f} is checked before the first rename. {@code -r
 *       user/u/INBOX user/u/INBOX partition} moves the whole account (bodies copied first) and the
 *       user's home partition.
 *   <li>{@code -e}, {@code -R}, {@code -C} print {@code <mailbox>: N expunged|restored|cleaned up}.
 *       {@code -C} purges (so that they can no longer be restored) the expunged messages of each
 *       mailbox holding at least {@code -g} (default {@code store.cleanupsize}, else 1) once older
 *       than {@code store.cleanupage} hours (default 0).
 *   <li>{@code -o}: orphan accounts (user unknown, or status deleted/removed) and, with {@code -t
 *       days}, inactive ones (no append nor mailbox creation in that time: no last-access record
 *       exists), leaving out those appended to within {@code -X} hours (24); one name a line, the
 *       INBOX standing for the account, which is what {@code -d -f} and {@code -S -f} read.
 *   <li>{@code -S}: {@code <userid> <mailbox>} a line, for all users or the owners of the mailboxes
 *       listed in {@code -f}; {@code -n} keeps those to non-existing mailboxes, {@code -u} (needs
 *       {@code -f}) unsubscribes them and prints what it removed.
 * </ul>
 */
package dev.msgstore.commands.mboxutil;
