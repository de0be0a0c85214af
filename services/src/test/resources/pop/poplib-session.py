# POP3 through Python's poplib: argv = port sslport cafile (the server has plaintextlogin = no)
import poplib, ssl, sys

port, sslport, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)

p = poplib.POP3("127.0.0.1", port)
caps = p.capa()
print("plain capa", "STLS" in caps, "USER" in caps)
try:
    p.user("joe")
    print("plain user accepted")
except poplib.error_proto as e:
    print("plain user refused", e.args[0].decode().split(" ")[1])
p.stls(context=ctx)
caps = p.capa()
print("tls capa", "STLS" in caps, "USER" in caps, caps.get("SASL"))
print("tls", p.sock.version() in ("TLSv1.2", "TLSv1.3"))
print("pass", p.user("joe").decode(), p.pass_("pw-joe").decode().split(",")[0])
print("stat", p.stat()[0])
uidl = [u.decode().split(" ") for u in p.uidl()[1]]
print("uidl", [n for n, _ in uidl], len(set(u for _, u in uidl)))
print("uidl 2", p.uidl(2).decode().split(" ")[2] == uidl[1][1])
resp, lines, octets = p.retr(1)
print("retr", resp.decode(), lines[2].decode(), lines[-1].decode())
resp, lines, octets = p.top(2, 0)
print("top", lines[2].decode(), lines[-1].decode() == "")
print("dele", p.dele(1).decode())
print("quit", p.quit().decode())

s = poplib.POP3_SSL("127.0.0.1", sslport, context=ctx)
print("ssl capa", "STLS" in s.capa())
print("ssl pass", s.user("joe").decode(), s.pass_("pw-joe").decode().split(",")[0])
uidl2 = [u.decode().split(" ")[1] for u in s.uidl()[1]]
print("ssl uidl kept", uidl2 == [u for _, u in uidl[1:]])
print("ssl stat", s.stat()[0])
s.quit()
