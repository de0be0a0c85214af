// weekly-report.groovy: the largest mailboxes and the users near their quota.
//
//   msgstore run weekly-report.groovy [--top N] [--near PERCENT]
//
// --top N         how many of the largest mailboxes (by size) to list (default 10)
// --near PERCENT  list the users whose storage or message count is at or above PERCENT of
//                 their quota limit (default 90; 1 to 100)
//
// Sizes are shown in B, KB, MB, GB (1024-based); percentages are rounded down. Mailboxes of the
// same size are listed by name, users of the same usage by user id, so that two reports of the
// same store are identical.

final String USAGE = 'usage: msgstore run weekly-report.groovy [--top N] [--near PERCENT]'

int top = 10
int near = 90
List<String> given = args as List
for (int i = 0; i < given.size(); i++) {
  String option = given[i]
  if (!(option in ['--top', '--near']) || i + 1 >= given.size() || !given[i + 1].isInteger()) {
    err.println(i + 1 >= given.size() && option in ['--top', '--near']
        ? "weekly-report: ${option} needs a number" : "weekly-report: unexpected argument '${option}'")
    err.println USAGE
    exit 64
  }
  int n = given[++i] as int
  if (option == '--top') {
    top = n
  } else {
    near = n
  }
}
if (top < 1 || near < 1 || near > 100) {
  err.println 'weekly-report: --top must be at least 1, --near between 1 and 100'
  err.println USAGE
  exit 64
}

List<MailboxRecord> all = store.mailboxes('*')
List<QuotaRecord> quotas = store.quotas()
long totalBytes = all.sum(0L) { it.bytes() } as long
long totalMessages = all.sum(0L) { it.messages() } as long

println "Message store ${store.root()}"
println "${all.size()} mailboxes, ${store.users().size()} users, ${totalMessages} messages," +
    " ${size(totalBytes)}"
println ''

// The largest mailboxes.
List<MailboxRecord> largest = all
    .findAll { it.bytes() > 0 }
    .sort { a, b -> b.bytes() <=> a.bytes() ?: a.name() <=> b.name() }
    .take(top)
if (largest.isEmpty()) {
  println 'Largest mailboxes: none (every mailbox is empty)'
} else {
  println "Largest mailboxes (${largest.size()} of ${all.size()}, by size)"
  println String.format('  %10s %8s  %-12s %s', 'size', 'messages', 'partition', 'mailbox')
  largest.each { m ->
    println String.format(Locale.ROOT, '  %10s %8d  %-12s %s',
        size(m.bytes()), m.messages(), m.partition(), m.name())
  }
}
println ''

// The users near quota: usage at or above `near` percent of a limit they have.
List<Map> nearQuota = quotas.findAll { q -> percent(q.usedBytes(), q.limitBytes()) >= near ||
      percent(q.usedMessages(), q.limitMessages()) >= near }
    .collect { q ->
      [root: q.root(), quota: q,
       worst: [percent(q.usedBytes(), q.limitBytes()), percent(q.usedMessages(), q.limitMessages())].max()]
    }
    .sort { a, b -> b.worst <=> a.worst ?: a.root <=> b.root }
int limited = quotas.count { it.limitBytes() >= 0 || it.limitMessages() >= 0 } as int
if (nearQuota.isEmpty()) {
  println "Users near quota: none of ${limited} with a limit is at ${near}% or more"
} else {
  println "Users near quota (at ${near}% or more of a limit: ${nearQuota.size()} of ${limited})"
  int width = Math.max(4, nearQuota*.root*.length().max() as int)
  println String.format("  %-${width}s  %-28s %s", 'user', 'storage', 'messages')
  nearQuota.each { n ->
    QuotaRecord q = n.quota
    println String.format(Locale.ROOT, "  %-${width}s  %-28s %s", n.root,
        usage(size(q.usedBytes()), q.limitBytes() < 0 ? null : size(q.limitBytes()),
            percent(q.usedBytes(), q.limitBytes())),
        usage("${q.usedMessages()}", q.limitMessages() < 0 ? null : "${q.limitMessages()}",
            percent(q.usedMessages(), q.limitMessages())))
  }
}

// ---------------------------------------------------------------------------------------------

/** used of limit (P%), or used (no limit). */
static String usage(String used, String limit, long percent) {
  return limit == null ? "${used} (no limit)" : "${used} of ${limit} (${percent}%)"
}

/** used as a whole percentage of limit, rounded down; -1 when there is no limit. */
static long percent(long used, long limit) {
  if (limit < 0) {
    return -1
  }
  return limit == 0 ? 100 : Math.floorDiv(used * 100, limit) // a zero limit is full
}

/** 1023 B, 1.5 KB, 12.0 MB, ... (1024-based). */
static String size(long bytes) {
  if (bytes < 1024) {
    return "${bytes} B"
  }
  List<String> units = ['KB', 'MB', 'GB', 'TB']
  double v = bytes
  int u = -1
  while (v >= 1024 && u < units.size() - 1) {
    v /= 1024
    u++
  }
  return String.format(Locale.ROOT, '%.1f %s', v, units[u])
}
