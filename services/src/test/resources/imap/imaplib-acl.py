# ACL (RFC 4314) through Python's imaplib: ann shares her folder Shared with joe, joe asks what he
# may do there, ann takes it back. Prints one line per step for the JUnit test to compare.
# Usage: python3 imaplib-acl.py PORT
import imaplib
import sys

port = int(sys.argv[1])
ann = imaplib.IMAP4("127.0.0.1", port)
ann.login("ann", "pw-ann")
joe = imaplib.IMAP4("127.0.0.1", port)
joe.login("joe", "pw-joe")
shared = '"Other Users/ann/Shared"'


def show(label, reply):
    typ, data = reply
    print(label, typ, [d.decode() for d in data if d is not None])


def fails(label, reply):
    typ, data = reply
    print(label, typ, data[0].decode().split("]")[0] + "]")


print("capability", "ACL" in ann.capabilities, "RIGHTS=TEXK" in ann.capabilities)
show("myrights ann", ann.myrights("Shared"))
fails("joe myrights before", joe.myrights(shared))
show("setacl", ann.setacl("Shared", "joe", "lrs"))
show("getacl", ann.getacl("Shared"))
show("joe myrights", joe.myrights(shared))
fails("joe getacl", joe.getacl(shared))
fails("joe setacl", joe.setacl(shared, "joe", "lrswipkxte"))
show("setacl +a", ann.setacl("Shared", "joe", "+a"))
show("joe getacl", joe.getacl(shared))
show("joe setacl anyone", joe.setacl(shared, "anyone", "l"))
show("deleteacl", ann.deleteacl("Shared", "joe"))
show("getacl after", ann.getacl("Shared"))
show("joe myrights after", joe.myrights(shared))
ann.logout()
joe.logout()
