# LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819) and SPECIAL-USE (RFC 6154) through Python's
# imaplib, raw commands. argv: port. Prints one line per step.
import imaplib
import sys

m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("joe", "pw-joe")


def run(label, name, *args):
    try:
        typ, data = m._simple_command(name, *args)
    except imaplib.IMAP4.error:
        typ = "BAD"
    lists = [x.decode() for x in m.untagged_responses.pop("LIST", []) if x is not None]
    status = [x.decode() for x in m.untagged_responses.pop("STATUS", []) if x is not None]
    print(label, typ, " | ".join(lists), "/", " | ".join(status))


print("capability", "LIST-EXTENDED" in m.capabilities, "LIST-STATUS" in m.capabilities)
for name in ("Work", "Work/Old", "Work/New", "Play"):
    m.create(name)
m.subscribe("Work/Old")
m.subscribe("Gone")
run("subscribed", "LIST", "(SUBSCRIBED)", '""', "*")
run("recursivematch", "LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', "%")
run("patterns", "LIST", '""', "(Play Work/%)", "RETURN", "(SUBSCRIBED CHILDREN)")
run("status", "LIST", '""', "(INBOX Play)", "RETURN", "(STATUS (MESSAGES UIDNEXT))")
run("bad selection", "LIST", "(RECURSIVEMATCH)", '""', "*")
print("special-use capability", "SPECIAL-USE" in m.capabilities, "CREATE-SPECIAL-USE" in m.capabilities)
print("create Sent", m.create("Sent")[0])
print("create Bin", m._simple_command("CREATE", "Bin", "(USE (\\Trash))")[0])
typ, data = m._simple_command("CREATE", "Odd", "(USE (\\Bogus))")
print("create Odd", typ, data[0].decode())
run("special-use", "LIST", "(SPECIAL-USE)", '""', "*")
run("plain", "LIST", '""', "%")
m.logout()
print("done")
