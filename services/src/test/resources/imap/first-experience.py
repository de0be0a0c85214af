# The first experience, as a person would type it against `msgstore serve`: log in to a
# demo user, read the demo mail, move it between folders, then IDLE and watch what `deliver` and
# LMTP bring, until the daemon stops (stop-msg) and says BYE. Prints one line per step for the
# test; each "EXISTS n" as the IDLE sees it. Arguments: host port user password.
import imaplib
import re
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def say(*words):
    print(*words, flush=True)


def ok(result):
    typ, data = result
    if typ != "OK":
        raise SystemExit("refused: %r" % (data,))
    return data


c = imaplib.IMAP4(host, port)
ok(c.login(user, password))
say("LOGIN", user)
exists = int(ok(c.select("INBOX"))[0])
say("INBOX", exists)
data = ok(c.uid("FETCH", "1:*", "(UID BODY[HEADER.FIELDS (SUBJECT)] BODY[TEXT])"))
uid = re.search(rb"UID (\d+)", data[0][0]).group(1).decode()
subject = data[0][1].decode().strip()
say("READ", subject)
say("TEXT", data[1][1].decode().strip())
ok(c.create("Archive"))
ok(c.uid("MOVE", uid, "Archive"))
say("INBOX after move", int(ok(c.select("INBOX"))[0]))
say("Archive after move", int(ok(c.select("Archive"))[0]))
data = ok(c.fetch("1", "(UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
say("IN ARCHIVE", data[0][1].decode().strip())
back = re.search(rb"UID (\d+)", data[0][0]).group(1).decode()
ok(c.uid("MOVE", back, "INBOX"))
say("INBOX after move back", int(ok(c.select("INBOX"))[0]))

# IDLE by hand (imaplib has no IDLE before Python 3.14)
tag = c._new_tag().decode()
c.send(("%s IDLE\r\n" % tag).encode())
line = c.readline().decode().strip()
if not line.startswith("+"):
    raise SystemExit("IDLE refused: " + line)
say("IDLING")
while True:
    line = c.readline().decode()
    if not line:
        say("CLOSED")
        break
    line = line.strip()
    m = re.match(r"\* (\d+) EXISTS", line)
    if m:
        say("EXISTS", m.group(1))
    elif line.startswith("* BYE"):
        say("BYE", line[6:])
        break
