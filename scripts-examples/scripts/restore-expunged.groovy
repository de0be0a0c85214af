// restore-expunged.groovy: gives a user back the messages expunged in the last hours.
//
//   msgstore run restore-expunged.groovy user [--hours N]
//
// Looks in every folder of the user (INBOX included) for messages expunged in the last N hours
// (default 24) and not yet purged, lists them, and restores them with mboxutil -R -t N: each comes
// back under a new UID, which is shown beside its old one. Messages expunged earlier stay as they
// are. Exit 67 if the store has no such user.

import java.time.format.DateTimeFormatter
import java.time.temporal.ChronoUnit

final String USAGE = 'usage: msgstore run restore-expunged.groovy user [--hours N]'

String user = null
int hours = 24
List<String> given = args as List
for (int i = 0; i < given.size(); i++) {
  String a = given[i]
  if (a == '--hours' && i + 1 < given.size() && given[i + 1].isInteger()) {
    hours = given[++i] as int
  } else if (!a.startsWith('-') && user == null) {
    user = a
  } else {
    err.println "restore-expunged: unexpected argument '${a}'" +
        (a == '--hours' ? ' (--hours needs a number of hours)' : '')
    err.println USAGE
    exit 64
  }
}
if (user == null || hours < 1) {
  err.println(user == null ? 'restore-expunged: which user?' : 'restore-expunged: --hours must be at least 1')
  err.println USAGE
  exit 64
}
if (store.user(user) == null && store.mailbox("user/${user}/INBOX") == null) {
  err.println "restore-expunged: no such user: ${user}"
  exit 67
}

DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
long cutoff = (System.currentTimeMillis() - Duration.ofHours(hours).toMillis()) * 1000
int restored = 0
int folders = 0
for (MailboxRecord box : store.mailboxes("user/${user}/*")) {
  List<ExpungedMessage> recent = store.expunged(box.name()).findAll { it.expungedMicros() >= cutoff }
  if (recent.isEmpty()) {
    continue
  }
  println "${box.name()}: ${recent.size()} message(s) expunged in the last ${hours} hour(s)"
  // The verb's result pairs each expunged UID with the UID the message has now.
  Map<Long, Long> newUid = mboxutil.restore(box.name(), age: hours).messages()
      .collectEntries { [it.expungedUid(), it.uid()] }
  for (ExpungedMessage e : recent) {
    MessageRecord m = e.message()
    Long now = newUid[m.uid()]
    String expunged = time.format(Instant.EPOCH.plus(e.expungedMicros(), ChronoUnit.MICROS))
    println "  uid ${m.uid()} -> ${now ?: '?'}  ${m.size()} bytes" +
        "  expunged ${expunged}  ${m.messageId() ?: '(no Message-ID)'}"
    if (now != null) {
      restored++
    }
  }
  folders++
}
if (folders == 0) {
  println "nothing to restore: no message of ${user} was expunged in the last ${hours} hour(s)"
} else {
  println "restored ${restored} message(s) in ${folders} folder(s) of ${user}"
}
