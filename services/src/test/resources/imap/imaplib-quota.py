# QUOTA (RFC 9208) through Python's imaplib: joe reads his quota, the administrator boss sets it.
# Prints one line per step for the JUnit test to compare. Usage: python3 imaplib-quota.py PORT
import imaplib
import sys

port = int(sys.argv[1])
joe = imaplib.IMAP4("127.0.0.1", port)
joe.login("joe", "pw-joe")
boss = imaplib.IMAP4("127.0.0.1", port)
boss.login("boss", "pw-boss")


def show(label, reply):
    typ, data = reply
    print(label, typ, [d.decode() if isinstance(d, bytes) else d for d in data if d is not None])


print("capability", "QUOTA" in joe.capabilities, "QUOTA=RES-STORAGE" in joe.capabilities)
show("getquotaroot", joe.getquotaroot("INBOX"))
show("getquota", joe.getquota("joe"))
show("joe setquota", joe.setquota("joe", "(STORAGE 50)"))
show("boss setquota", boss.setquota("joe", "(STORAGE 50 MESSAGE 7)"))
show("getquota after", joe.getquota("joe"))
joe.logout()
boss.logout()
