# Drives the imap component with Python's imaplib, as a person's first script would.
# Prints one line per step; the JUnit test compares them and delivers a message when it
# reads "IDLING". Usage: python3 imaplib-session.py PORT
import imaplib
import sys

port = int(sys.argv[1])
m = imaplib.IMAP4("127.0.0.1", port)
typ, _ = m.login("joe", "pw-joe")
print("login", typ)
typ, boxes = m.list()
print("list", typ, [b.decode() for b in boxes])
typ, data = m.select("INBOX")
print("select", typ, data[0].decode())
typ, data = m.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
print("subject", data[0][1].decode().strip())
typ, data = m.fetch("1", "(FLAGS)")
print("flags", data[0].decode())
typ, data = m.store("1", "+FLAGS", "(\\Flagged)")
print("store", typ, data[0].decode())
typ, data = m.append("INBOX", "(\\Seen)", None, b"Subject: from python\r\n\r\nappended\r\n")
print("append", typ, data[0].decode())
typ, _ = m.create("Archive")
print("create", typ)
typ, data = m.copy("1", "Archive")
print("copy", typ, data[0].decode())
typ, data = m.uid("MOVE", "2", "Archive")
print("move", typ)
typ, data = m.status("Archive", "(MESSAGES)")
print("status", data[0].decode())
m.store("1", "+FLAGS", "(\\Deleted)")
typ, data = m.expunge()
print("expunge", typ, [d.decode() for d in data])
typ, data = m.search(None, "ALL")
print("search", typ, data[0].decode())
# IDLE by hand: imaplib has no idle() before Python 3.14
tag = m._new_tag().decode()
m.send(("%s IDLE\r\n" % tag).encode())
print("continuation", m.readline().decode().strip())
print("IDLING", flush=True)
sys.stdin.readline()  # the test has delivered
print("pushed", m.readline().decode().strip())
m.send(b"DONE\r\n")
while True:
    line = m.readline().decode().strip()
    if line.startswith(tag):
        print("idle", line)
        break
typ, data = m.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
print("new", data[0][1].decode().strip())
print("logout", m.logout()[0])
