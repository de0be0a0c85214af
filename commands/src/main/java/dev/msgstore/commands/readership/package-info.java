/**
 * {@code readership} (reference Tables 71-31, 71-32). Choices where the reference is silent:
 *
 * <ul>
 *   <li>A shared folder is a mailbox outside {@code user/}, or one whose ACL grants rights to an
 *       identifier other than its owner. Only a non-owner's access is recorded ({@code
 *       RecordSharedAccess}, one {@code session.shared-mailbox-accessed} event, the time being the
 *       commit's); the projection keeps each reader's last access.
 *   <li>Output of {@code -d}, {@code -p} and no option: one line per shared folder in name order,
 *       {@code <count> <mailbox>} (count first: names may contain spaces), shared folders with no
 *       reader included as 0. Without {@code -d}/{@code -p} every remembered access counts. {@code
 *       -d days} counts accesses at or after now minus days × 24 h.
 *   <li>{@code -p months}: "seen state" is the remembered last access. Accesses before now minus
 *       that many calendar months (UTC) are forgotten in one commit ({@code
 *       session.shared-access-forgotten} events; nothing to forget writes nothing), then the rest
 *       are counted. Days and months must be 1 or more.
 *   <li>{@code -s mailbox identifier [rights]}: rights empty or left out remove the entry. Letters
 *       are checked before the store is opened. {@code -s -m pattern identifier [rights]} sets the
 *       entry on every matching mailbox in one commit; no match exits 66.
 *   <li>{@code -e}: without it names are modified UTF-7 as stored; with a charset they are text
 *       (and a pattern is matched against the decoded names).
 * </ul>
 */
package dev.msgstore.commands.readership;
