// notify-domain.groovy: delivers a notice to every user of a hosted domain.
//
//   msgstore run notify-domain.groovy DOMAIN notice.eml
//
// notice.eml is an RFC 822 message (header, blank line, body), delivered as it is, with deliver,
// to the INBOX of every user uid@DOMAIN the store knows (the domain in any case). Each user is
// delivered to on their own, so that one who cannot receive it (over quota, on hold, removed)
// does not stop the others: they are listed with deliver's reason. Ends with how many got it;
// exit 0 when every user did, else the first failure's exit code (75: try again later). Exit 67
// when the domain has no user.

if (args.length != 2 || args.any { it.isEmpty() || it.startsWith('-') }) {
  err.println 'usage: msgstore run notify-domain.groovy DOMAIN notice.eml'
  exit 64
}
String domain = args[0].toLowerCase(Locale.ROOT)
if (domain.contains('@') || domain.contains('/') || domain.contains('*')) {
  err.println "notify-domain: not a domain: '${args[0]}' (e.g. example.com)"
  err.println 'usage: msgstore run notify-domain.groovy DOMAIN notice.eml'
  exit 64
}
Path file = Path.of(args[1])
if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
  err.println "notify-domain: cannot read ${file}"
  exit 66
}
byte[] notice = Files.readAllBytes(file)

List<String> users = store.users()*.userId().findAll {
  int at = it.lastIndexOf('@')
  at > 0 && it.substring(at + 1).toLowerCase(Locale.ROOT) == domain
}
if (users.isEmpty()) {
  err.println "notify-domain: no user of ${domain}"
  exit 67
}

int delivered = 0
int firstFailure = 0
for (String user : users) {
  try {
    deliver(user, stdin: notice)
    delivered++
  } catch (VerbException e) {
    firstFailure = firstFailure ?: e.exitCode
    if (e.exitCode == 65) { // the notice itself is refused: no user would get it
      err.println "notify-domain: ${file.fileName} refused, nobody got it: ${e.message}"
      break
    }
    err.println "notify-domain: not delivered to ${user}: ${e.message} (exit ${e.exitCode})"
  }
}
println "${file.fileName} delivered to ${delivered} of ${users.size()} user(s) of ${domain}"
if (firstFailure != 0) {
  exit firstFailure
}
