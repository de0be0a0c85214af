// move-users.groovy: moves every user matching a pattern to another partition.
//
//   msgstore run move-users.groovy PATTERN PARTITION
//
// PATTERN is a glob on user ids: * matches any characters, ? one ('*@example.com', 'test*',
// 'joe'). Each matching user's whole account (INBOX and every folder, with the message bodies)
// moves to PARTITION with mboxutil -r user/<id>/INBOX user/<id>/INBOX PARTITION, one user at a
// time; a user already there is left as is. PARTITION is primary or one declared with
// configutil -o store.partition.<name>.path -v DIR; any other is refused before anything moves
// (exit 67). A pattern that matches no user is an error too (exit 67). If a move fails, the
// others still go ahead and the script ends with the first failure's exit code.

import java.util.regex.Pattern

if (args.length != 2 || args.any { it.isEmpty() || it.startsWith('-') }) {
  err.println 'usage: msgstore run move-users.groovy PATTERN PARTITION'
  err.println "  PATTERN: user ids, * for any characters, ? for one ('*@example.com', 'test*')"
  exit 64
}
String glob = args[0]
String partition = args[1]
if (partition != 'primary' && store.config("store.partition.${partition}.path") == null) {
  err.println "move-users: no such partition: ${partition} (declare it with configutil -o" +
      " store.partition.${partition}.path -v DIR)"
  exit 67
}

Pattern pattern = Pattern.compile(glob.split(/(?<=[*?])|(?=[*?])/).collect {
  it == '*' ? '.*' : it == '?' ? '.' : Pattern.quote(it)
}.join(''))
List<UserRecord> users = store.users().findAll { pattern.matcher(it.userId()).matches() }
if (users.isEmpty()) {
  err.println "move-users: no user matches ${glob}"
  exit 67
}

int moved = 0
int firstFailure = 0
for (UserRecord u : users) {
  String inbox = "user/${u.userId()}/INBOX"
  List<MailboxRecord> boxes = store.mailboxes("user/${u.userId()}/*")
  if (boxes.every { it.partition() == partition } && u.partition() == partition) {
    println "unchanged ${u.userId()}: already on ${partition}"
    continue
  }
  try {
    mboxutil.rename(inbox, inbox, partition)
  } catch (VerbException e) {
    err.println "move-users: ${u.userId()} not moved: ${e.message}"
    firstFailure = firstFailure ?: e.exitCode
    continue
  }
  String from = boxes*.partition().unique().sort().join(', ') ?: u.partition()
  long messages = boxes.sum(0L) { it.messages() } as long
  println "moved ${u.userId()}: ${from} -> ${partition} (${boxes.size()} mailbox(es)," +
      " ${messages} message(s))"
  moved++
}
println "${moved} of ${users.size()} user(s) matching ${glob} moved to ${partition}"
if (firstFailure != 0) {
  exit firstFailure
}
