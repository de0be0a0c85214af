# STARTTLS and implicit TLS through imaplib: argv = port sslport cafile
import imaplib, ssl, sys, warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)  # TLSVersion.TLSv1_1, on purpose

port, sslport, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)

m = imaplib.IMAP4("127.0.0.1", port)
print("plain caps", "STARTTLS" in m.capabilities, "LOGINDISABLED" in m.capabilities)
try:
    m.login("joe", "pw-joe")
    print("plain login accepted")
except imaplib.IMAP4.error as e:
    print("plain login refused")
m.starttls(ssl_context=ctx)
print("tls caps", "STARTTLS" in m.capabilities, "LOGINDISABLED" in m.capabilities)
print("tls", m.sock.version() in ("TLSv1.2", "TLSv1.3"))
print("login", m.login("joe", "pw-joe")[0])
print("list", m.list())
m.logout()

s = imaplib.IMAP4_SSL("127.0.0.1", sslport, ssl_context=ctx)
print("ssl caps", "STARTTLS" in s.capabilities, "LOGINDISABLED" in s.capabilities)
print("ssl login", s.login("joe", "pw-joe")[0])
print("ssl list", s.list()[0])
s.logout()

old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
old.load_verify_locations(cafile)
old.set_ciphers("DEFAULT:@SECLEVEL=0")
old.minimum_version = ssl.TLSVersion.TLSv1_1
old.maximum_version = ssl.TLSVersion.TLSv1_1
try:
    imaplib.IMAP4_SSL("127.0.0.1", sslport, ssl_context=old)
    print("tls1.1 accepted")
except ssl.SSLError as e:
    # the server's alert, not a local refusal to offer TLS 1.1
    print("tls1.1", e.reason)
