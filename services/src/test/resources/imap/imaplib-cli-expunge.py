# QRESYNC after an expunge made by the CLI (mboxutil -e), through Python's imaplib. argv: port.
# At "CLI" the test runs mboxutil -e and sends a line.
import imaplib
import re
import sys

port = int(sys.argv[1])


def conn():
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login("joe", "pw-joe")
    return m


a = conn()
for i in range(1, 4):
    a.append("INBOX", None, None, ("Subject: m%d\r\n\r\nbody %d\r\n" % (i, i)).encode())
a._simple_command("ENABLE", "QRESYNC")
a._simple_command("SELECT", "INBOX")
a.state = "SELECTED"
uidvalidity = int(a.untagged_responses.pop("UIDVALIDITY")[0])
a._simple_command("UID", "STORE", "2", "+FLAGS", "(\\Deleted)")
typ, data = a._simple_command("STATUS", "INBOX", "(HIGHESTMODSEQ)")
h = int(re.search(rb"HIGHESTMODSEQ (\d+)", a.untagged_responses.pop("STATUS")[0]).group(1))
print("CLI", flush=True)
sys.stdin.readline()
a._simple_command("NOOP")
print("live", [x.decode() for x in a.untagged_responses.pop("VANISHED", [])])
c = conn()
c._simple_command("ENABLE", "QRESYNC")
typ, data = c._simple_command("SELECT", "INBOX", "(QRESYNC (%d %d))" % (uidvalidity, h))
print("resync", typ, [x.decode() for x in c.untagged_responses.pop("VANISHED", [])],
      len(c.untagged_responses.pop("FETCH", [])))
c.logout()
a.logout()
print("done")
