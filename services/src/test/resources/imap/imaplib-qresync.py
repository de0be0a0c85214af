# CONDSTORE, QRESYNC (RFC 7162) and ESEARCH (RFC 4731) through Python's imaplib, raw commands.
# argv: port. The INBOX holds four messages (UIDs 1..4) when this starts. Prints one line per step;
# modification sequences differ per run, so lines print how they relate, not their values. At
# "CLI-EXPUNGE" the test expunges UID 3 through the store (as mboxutil -e does) and sends a line.
import imaplib
import re
import sys

port = int(sys.argv[1])


def conn():
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login("joe", "pw-joe")
    return m


def select(m, *args):
    typ, data = m._simple_command("SELECT", *args)
    if typ == "OK":
        m.state = "SELECTED"  # imaplib's select() cannot send SELECT's parameters
    return typ, data


def untagged(m, key):
    return m.untagged_responses.pop(key, [])


def dec(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def esearch(m):
    return [re.sub(r'^\(TAG "[^"]*"\) ?', "", dec(x)) for x in untagged(m, "ESEARCH")]


def modseq(fetch):
    return int(re.search(rb"MODSEQ \((\d+)\)", fetch).group(1))


a = conn()
print("capability", "CONDSTORE" in a.capabilities, "QRESYNC" in a.capabilities,
      "ESEARCH" in a.capabilities)
typ, data = a._simple_command("ENABLE", "QRESYNC")
print("enable", typ, [dec(x) for x in untagged(a, "ENABLED")])
typ, data = select(a, "INBOX")
h0 = int(untagged(a, "HIGHESTMODSEQ")[0])
uidvalidity = int(untagged(a, "UIDVALIDITY")[0])
print("select", typ, "highestmodseq", h0 > 0)
typ, data = a._simple_command("UID", "FETCH", "1:*", "(FLAGS MODSEQ)")
fetches = untagged(a, "FETCH")
seqs = [modseq(f) for f in fetches]
print("fetch modseq", typ, len(fetches), all(0 < s <= h0 for s in seqs))
typ, data = a._simple_command("STORE", "1", "+FLAGS", "(\\Flagged)")
f = untagged(a, "FETCH")
m1 = modseq(f[0])
print("store", typ, dec(f[0]).split(" MODSEQ")[0], m1 > h0)
# UNCHANGEDSINCE older than message 1's change: refused for 1, done for 2
typ, data = a._simple_command("STORE", "1:2", "(UNCHANGEDSINCE %d)" % h0, "+FLAGS", "(\\Seen)")
print("conditional store", typ, dec(data[0]), [dec(x).split(" MODSEQ")[0] for x in untagged(a, "FETCH")])
typ, data = a._simple_command("UID", "SEARCH", "MODSEQ", str(m1))
print("search modseq", typ, [dec(x) for x in untagged(a, "SEARCH")])
typ, data = a._simple_command("SEARCH", "RETURN", "(MIN MAX COUNT ALL)", "ALL")
print("esearch", typ, esearch(a))
typ, data = a._simple_command("UID", "SEARCH", "RETURN", "(COUNT)", "SEEN")
print("esearch uid", typ, esearch(a))
typ, data = a._simple_command("STATUS", "INBOX", "(HIGHESTMODSEQ MESSAGES)")
h1 = int(re.search(rb"HIGHESTMODSEQ (\d+)", untagged(a, "STATUS")[0]).group(1))
print("status", typ, h1 > m1)
a.logout()

# another session changes the mailbox while the first client is away
b = conn()
select(b, "INBOX")
b._simple_command("STORE", "2", "+FLAGS", "(\\Deleted)")
typ, data = b._simple_command("EXPUNGE")
print("other expunge", typ, [dec(x) for x in untagged(b, "EXPUNGE")])
b._simple_command("UID", "STORE", "4", "+FLAGS", "(\\Answered)")
b.logout()
print("CLI-EXPUNGE", flush=True)
sys.stdin.readline()

# the first client comes back and resynchronises
c = conn()
c._simple_command("ENABLE", "QRESYNC")
typ, data = select(c, "INBOX", "(QRESYNC (%d %d 1:4))" % (uidvalidity, h1))
print("qresync select", typ, [dec(x) for x in untagged(c, "VANISHED")],
      [re.sub(r" MODSEQ \(\d+\)", "", dec(x)) for x in untagged(c, "FETCH")],
      int(untagged(c, "HIGHESTMODSEQ")[0]) > h1)
typ, data = c._simple_command("UID", "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE %d VANISHED)" % h1)
print("fetch vanished", typ, [dec(x) for x in untagged(c, "VANISHED")],
      [re.sub(r" MODSEQ \(\d+\)", "", dec(x)) for x in untagged(c, "FETCH")])
typ, data = select(c, "INBOX", "(QRESYNC (%d 1))" % (uidvalidity + 1))
print("wrong uidvalidity", typ, untagged(c, "VANISHED"), len(untagged(c, "FETCH")))

# a live expunge by another session reaches a QRESYNC client as VANISHED
d = conn()
select(d, "INBOX")
d._simple_command("UID", "STORE", "1", "+FLAGS", "(\\Deleted)")
d._simple_command("EXPUNGE")
d.logout()
typ, data = c._simple_command("NOOP")
print("live", typ, [dec(x) for x in untagged(c, "VANISHED")], untagged(c, "EXPUNGE"))
typ, data = select(c, "INBOX", "(QRESYNC (%d 1 1:10))" % uidvalidity)
print("from the start", typ, [dec(x) for x in untagged(c, "VANISHED")])
untagged(c, "HIGHESTMODSEQ")  # what the SELECTs before left
typ, data = select(c, "INBOX", "(CONDSTORE)")
print("select condstore", typ, len(untagged(c, "HIGHESTMODSEQ")))
c.logout()
print("done")
