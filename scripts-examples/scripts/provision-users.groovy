// provision-users.groovy: creates users and their folders from a CSV file.
//
//   msgstore run provision-users.groovy users.csv
//
// The file's first line names the columns: user (required), folders and partition (optional),
// in any order. Folders are separated by ';' and may be nested (Archive/2026). A value may be
// quoted ("a,b"). Blank lines and lines starting with '#' are ignored. For example:
//
//   user,folders,partition
//   joe@example.com,Sent;Drafts;Archive/2026,
//   ann@example.com,Sent,fast
//
// Every line is checked first; if one is wrong, nothing is created (exit 65). Then each new user
// gets INBOX first (which records the user), is moved to the partition if one is given, and gets
// the folders. A user the store already has is skipped and reported. Ends with a summary line.

import groovy.transform.Field

@Field static final List<String> COLUMNS = ['user', 'folders', 'partition']

if (args.length != 1 || args[0].startsWith('-')) {
  err.println 'usage: msgstore run provision-users.groovy users.csv'
  err.println '  users.csv: a header line (user,folders[,partition]), then one user a line;'
  err.println "  folders separated by ';'"
  exit 64
}
Path csv = Path.of(args[0])
if (!Files.isRegularFile(csv) || !Files.isReadable(csv)) {
  err.println "provision-users: cannot read ${csv}"
  exit 66
}

// 1. Read and check every line before changing anything.
List<String> problems = []
List<Map> rows = []
Map<String, Integer> column = null
Set<String> seen = [] as Set
List<String> lines = Files.readAllLines(csv)
for (int i = 0; i < lines.size(); i++) {
  String text = lines[i]
  int line = i + 1
  if (text.isBlank() || text.strip().startsWith('#')) {
    continue
  }
  List<String> fields = splitCsv(text)
  if (column == null) {
    column = [:]
    fields.eachWithIndex { String f, int at -> column[f.strip().toLowerCase()] = at }
    List<String> unknown = column.keySet().findAll { !(it in COLUMNS) } as List
    if (!column.containsKey('user') || unknown) {
      problems << "line ${line}: the first line must name the columns (user, folders, partition)" +
          (unknown ? ", not ${unknown.join(', ')}" : '')
      break
    }
    continue
  }
  String user = value(fields, column, 'user')
  String partition = value(fields, column, 'partition') ?: null
  List<String> folders = (value(fields, column, 'folders') ?: '')
      .split(';')*.strip()
      .findAll { it && !it.equalsIgnoreCase('INBOX') }
      .unique()
  String problem = null
  if (fields.size() > column.size()) {
    problem = "${fields.size()} fields, the header names ${column.size()}"
  } else if (!user) {
    problem = 'no user'
  } else if (user.contains('/') || MailboxNames.problem("user/${user}/INBOX").isPresent()) {
    problem = "not a valid user id: '${user}'"
  } else if (!seen.add(user)) {
    problem = "${user} is listed twice"
  } else if (partition && !partitionExists(partition)) {
    problem = "${user}: no such partition: ${partition}"
  } else {
    String bad = folders.find { MailboxNames.problem("user/${user}/${it}").isPresent() }
    if (bad != null) {
      problem = "${user}: not a valid folder name: '${bad}'"
    }
  }
  if (problem) {
    problems << "line ${line}: ${problem}"
  } else {
    rows << [line: line, user: user, folders: folders, partition: partition]
  }
}
if (column == null) {
  problems << 'the file is empty: its first line must name the columns (user, folders, partition)'
}
if (problems) {
  problems.each { err.println "provision-users: ${csv.fileName}, ${it}" }
  err.println "provision-users: nothing was created (${problems.size()} problem(s))"
  exit 65
}

// 2. Create the users that do not exist yet.
int created = 0
int skipped = 0
int folderCount = 0
for (Map row : rows) {
  String user = row.user
  String inbox = "user/${user}/INBOX"
  UserRecord existing = store.user(user)
  if (existing != null || store.mailbox(inbox) != null) {
    String where = existing != null ? existing.partition() : store.mailbox(inbox).partition()
    println "skipped ${user}: already exists (partition ${where})"
    skipped++
    continue
  }
  mboxutil.create(inbox)
  if (row.partition && store.user(user).partition() != row.partition) {
    mboxutil.rename(inbox, inbox, row.partition) // moves the (new, empty) account
  }
  row.folders.each { String folder -> mboxutil.create("user/${user}/${folder}") }
  folderCount += row.folders.size()
  String partition = store.user(user).partition()
  println "created ${user} (partition ${partition}): " + (['INBOX'] + row.folders).join(', ')
  created++
}
println "${rows.size()} user(s) in ${csv.fileName}: ${created} created, ${skipped} skipped" +
    " (already existed), ${created + folderCount} mailbox(es) created"

// ---------------------------------------------------------------------------------------------

/** One CSV line's fields: comma-separated, a field may be quoted ("a,b", "say ""hi"""). */
static List<String> splitCsv(String line) {
  List<String> out = []
  StringBuilder field = new StringBuilder()
  boolean quoted = false
  for (int i = 0; i < line.length(); i++) {
    char c = line.charAt(i)
    if (quoted) {
      if (c == '"' as char && i + 1 < line.length() && line.charAt(i + 1) == '"' as char) {
        field.append('"')
        i++
      } else if (c == '"' as char) {
        quoted = false
      } else {
        field.append(c)
      }
    } else if (c == '"' as char) {
      quoted = true
    } else if (c == ',' as char) {
      out << field.toString()
      field.setLength(0)
    } else {
      field.append(c)
    }
  }
  out << field.toString()
  return out
}

static String value(List<String> fields, Map<String, Integer> column, String name) {
  Integer at = column[name]
  return at == null || at >= fields.size() ? '' : fields[at].strip()
}

/** The primary partition, or one declared with store.partition.<name>.path. */
boolean partitionExists(String name) {
  return name == 'primary' || store.config("store.partition.${name}.path") != null
}
