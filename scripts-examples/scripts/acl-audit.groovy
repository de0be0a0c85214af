// acl-audit.groovy: every ACL change on shared folders in a month, from the journal.
//
//   msgstore run acl-audit.groovy [--month YYYY-MM]
//
// Lists each access control change (rights set or removed) on a mailbox that is not a personal
// one (not under user/) made in the month (default: last month; months and times are UTC):
// when, who (the journal's actor: OS user, IMAP login or script), the mailbox as it was named
// then, the identifier, the rights (or "removed"), and how (the command line or script line
// that made it). Ends with the count.

import dev.msgstore.journal.event.AclEvent
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException

final String USAGE = 'usage: msgstore run acl-audit.groovy [--month YYYY-MM]'

YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1)
if (args.length == 2 && args[0] == '--month') {
  try {
    month = YearMonth.parse(args[1])
  } catch (DateTimeParseException ignored) {
    err.println "acl-audit: --month: not a month (YYYY-MM): '${args[1]}'"
    err.println USAGE
    exit 64
  }
} else if (args.length != 0) {
  err.println USAGE
  exit 64
}

Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()
Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000)
List entries = store.journal(type: 'acl', since: from.toString(), until: to.toString()) as List
if (entries && entries[0] instanceof CharSequence) {
  err.println 'acl-audit: this msgstore returns the journal as text lines, not entries;' +
      ' it needs a msgstore whose verbs return typed results (journal: JournalEntry)'
  exit 70
}

DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
List<List<String>> rows = []
for (entry in entries) {
  for (event in entry.events) {
    if (!(event instanceof AclEvent)) {
      continue
    }
    String mailbox = entry.mailboxNames[event.mailboxId()] ?: "(mailbox ${event.mailboxId()})"
    if (mailbox.startsWith('user/')) {
      continue // a personal folder
    }
    String rights = event instanceof AclEvent.EntrySet ? event.rights() : 'removed'
    rows << [when.format(entry.meta.time()), entry.meta.actor, mailbox, event.identifier(), rights,
             entry.meta.origin]
  }
}

if (rows.isEmpty()) {
  println "No ACL change on shared folders in ${month} (UTC)"
  return
}
println "ACL changes on shared folders in ${month} (UTC): ${rows.size()}"
List<String> header = ['when', 'who', 'mailbox', 'identifier', 'rights', 'how']
List<Integer> widths = (0..<header.size()).collect { c -> ([header] + rows)*.get(c)*.length().max() }
([header] + rows).each { row ->
  println row.withIndex().collect { String v, int c -> c == row.size() - 1 ? v : v.padRight(widths[c]) }
      .join('  ')
}
