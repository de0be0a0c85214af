#!/usr/bin/env bash
# Conformance with a real MTA: Postfix from Debian, in front of msgstore as the README's "Postfix in
# front of msgstore" shows it, delivers mail it accepted over SMTP to msgstore's LMTP
# (virtual_transport = lmtp:inet:127.0.0.1:PORT). Installs postfix when missing (as root, with apt,
# quietly, "No configuration", no system service started), then in a temp directory:
#   - a store with three users of the embedded directory (u1..u3@example.test), its daemon started
#     by start-msg with LMTP on a free loopback port;
#   - a private Postfix instance: its own config_directory, queue_directory and data_directory,
#     SMTP on another free loopback port, no DNS, no chroot, its log in a file;
#   - five messages sent over SMTP with Python's smtplib (one with two recipients, one 8-bit, one of
#     300 KB, one with a line that starts with a dot), then waits for Postfix's queue to empty;
#   - checks that each copy is in the right INBOX and reads back byte for byte as it was sent, after
#     the trace header lines delivery put first (Received:, Return-Path:, Delivered-To: ...),
#     with imcheck -b, and that a message to an unknown user bounced with 5.1.1;
#   - immonitor-access -S: its probe message goes in through Postfix's SMTP and is found over
#     msgstore's IMAP within the thresholds (exit 0); then, with a threshold no round trip can meet,
#     it exits 1 and mails its ALERT lines through Postfix (-A) to u2 (-r), where they must arrive.
# Stops every process it started and deletes the directory. About a minute.
#
# Where postfix is missing and cannot be installed: skips with a message, or fails under CI (CI
# set), where the check must run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { echo "postfix-conformance: $*" >&2; }

if [ ! -x /usr/sbin/postfix ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing postfix"
    export DEBIAN_FRONTEND=noninteractive
    echo "postfix postfix/main_mailer_type select No configuration" \
      | debconf-set-selections 2>/dev/null || true
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    fi
    rc=0
    { apt-get -qq update && apt-get -qq install -y --no-install-recommends postfix; } \
      >/dev/null 2>&1 || rc=$?
    [ -n "$policy" ] && rm -f "$policy"
    [ "$rc" = 0 ] || { say "could not install postfix (apt-get exit $rc)"; exit 1; }
  elif [ -n "${CI:-}" ]; then
    say "postfix is missing and cannot be installed here (not root, or no apt-get)"
    exit 1
  else
    say "postfix is missing and cannot be installed here (not root, or no apt-get): skipped"
    exit 0
  fi
fi
if [ "$(id -u)" != 0 ]; then
  # Postfix's master runs as root and drops to its mail_owner; a private instance is no exception.
  if [ -n "${CI:-}" ]; then
    say "Postfix needs root to run"
    exit 1
  fi
  say "Postfix needs root to run: skipped"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/msgstore-postfix.XXXXXX")
chmod 711 "$work" # Postfix's own processes run as postfix and read their configuration here
store="$work/store"
pf="$work/postfix"
stop() {
  status=$?
  if [ -f "$pf/main.cf" ]; then
    /usr/sbin/postfix -c "$pf" stop >/dev/null 2>&1 || true
    for _ in $(seq 50); do [ -e "$work/queue/pid/master.pid" ] || break; sleep 0.1; done
    master=$(tr -d ' ' <"$work/queue/pid/master.pid" 2>/dev/null || true)
    [ -n "$master" ] && kill -9 "$master" 2>/dev/null || true
  fi
  if [ -d "$store/run" ]; then
    ./msgstore stop-msg --store "$store" >/dev/null 2>&1 || ./msgstore stop-msg -f --store "$store" >/dev/null 2>&1 || true
  fi
  if [ "$status" != 0 ]; then
    [ -f "$work/maillog" ] && { say "Postfix's log:"; tail -n 30 "$work/maillog" >&2; }
    [ -f "$store/log/msgstore.log" ] && { say "msgstore's log:"; tail -n 30 "$store/log/msgstore.log" >&2; }
  fi
  rm -rf "$work"
}
trap stop EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
lmtp_port=$(free_port)
smtp_port=$(free_port)
while [ "$smtp_port" = "$lmtp_port" ]; do smtp_port=$(free_port); done
imap_port=$(free_port)
while [ "$imap_port" = "$lmtp_port" ] || [ "$imap_port" = "$smtp_port" ]; do imap_port=$(free_port); done
domain=example.test

# A msgstore verb on the store, its output shown only when it fails.
verb() {
  local out
  out=$(./msgstore "$@" --store "$store" </dev/null 2>&1) || { echo "$out" >&2; return 1; }
}

# msgstore: users, LMTP and IMAP (for immonitor-access) on their ports, no POP or http (nothing
# here needs them), then the daemon.
for u in u1 u2 u3; do
  verb user create "$u" --mail "$u@$domain"
done
echo pass | ./msgstore user passwd u1 --password-file /dev/stdin --store "$store" >/dev/null
verb configutil -o service.lmtp.enable -v yes
verb configutil -o service.lmtp.port -v "$lmtp_port"
verb configutil -o service.imap.port -v "$imap_port"
verb configutil -o service.pop.enable -v no
verb configutil -o service.http.enable -v no
verb start-msg

# Postfix: a private instance. The settings that matter to msgstore are the README's; the others
# keep this instance off the network and out of the system's Postfix.
mkdir -p "$pf" "$work/queue" "$work/data"
chown postfix: "$work/data" # Postfix's own state (master.lock, caches), written as mail_owner
cat >"$pf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $work/queue
data_directory = $work/data
meta_directory = /etc/postfix
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
mail_owner = postfix
setgid_group = postdrop
maillog_file = $work/maillog
maillog_file_prefixes = $work
myhostname = mx.$domain
mydomain = $domain
myorigin = $domain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_recipient_restrictions = permit_mynetworks, reject
local_header_rewrite_clients =
alias_maps =
alias_database =
local_recipient_maps =
smtp_host_lookup = native
lmtp_host_lookup = native
smtp_dns_support_level = disabled
disable_dns_lookups = yes
smtputf8_enable = no
# nothing leaves this machine: a bounce to the (made-up) sender fails here, without a look-up
default_transport = error:outbound mail is off in this test
relay_transport = error:outbound mail is off in this test
# msgstore behind Postfix (README: Postfix in front of msgstore):
virtual_mailbox_domains = $domain
virtual_transport = lmtp:inet:127.0.0.1:$lmtp_port
CONF
cat >"$pf/master.cf" <<CONF
127.0.0.1:$smtp_port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
/usr/sbin/postfix -c "$pf" check >&2
/usr/sbin/postfix -c "$pf" start >&2
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $smtp_port), 1).close()" \
    2>/dev/null && break
  sleep 0.1
done
say "$(/usr/sbin/postconf -c "$pf" -h mail_version | sed 's/^/Postfix /') on 127.0.0.1:$smtp_port," \
  "msgstore's LMTP on 127.0.0.1:$lmtp_port"

# The messages, sent over SMTP; each one's bytes kept in sent/NAME for the check.
mkdir -p "$work/sent"
python3 - "$smtp_port" "$domain" "$work/sent" <<'PY'
import smtplib, sys, os
port, domain, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def message(name, to, subject, body, extra=""):
    head = (f"From: sender@client.test\r\nTo: {', '.join(to)}\r\nSubject: {subject}\r\n"
            f"Date: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <{name}@client.test>\r\n{extra}\r\n")
    return head.encode() + body
big = b"".join(b"line %06d of a message of about 300 KB, to go in several chunks\r\n" % i for i in range(4700))
cases = [
    ("plain", ["u1"], "plain", b"Hello u1.\r\n"),
    ("two", ["u2", "u3"], "two recipients", b"Hello u2 and u3.\r\n"),
    ("eightbit", ["u1"], "8-bit body", "Grüße aus Köln, ½ €.\r\n".encode("utf-8"),
     "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"),
    ("dots", ["u2"], "dots", b"a line\r\n.starts with a dot\r\n..and two\r\n.\r\nend\r\n"),
    ("big", ["u3"], "big", big),
]
with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=30) as s:
    for case in cases:
        name, users, subject, body = case[:4]
        extra = case[4] if len(case) > 4 else ""
        to = [f"{u}@{domain}" for u in users]
        data = message(name, to, subject, body, extra)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        with open(os.path.join(out, name + ".to"), "w") as f:
            f.write(" ".join(users))
        s.sendmail("sender@client.test", to, data, mail_options=["BODY=8BITMIME"])
    # an unknown user: Postfix accepts it (the domain is msgstore's), msgstore refuses it
    s.sendmail("sender@client.test", [f"nobody@{domain}"],
               message("unknown", [f"nobody@{domain}"], "unknown", b"to nobody\r\n"))
PY

# Postfix delivers at once; wait for its queue to empty (a minute at most).
for i in $(seq 600); do
  if /usr/sbin/postqueue -c "$pf" -p 2>/dev/null | grep -q "Mail queue is empty"; then
    break
  fi
  if [ "$i" = 600 ]; then
    say "Postfix's queue did not empty in 60 s:"
    /usr/sbin/postqueue -c "$pf" -p >&2 || true
    exit 1
  fi
  sleep 0.1
done

# Each copy in its INBOX, the sent bytes after the trace lines delivery added.
python3 - "$root" "$store" "$work/sent" "$work/maillog" <<'PY'
import os, subprocess, sys
root, store, sent, maillog = sys.argv[1:5]
TRACE = (b"received:", b"return-path:", b"delivered-to:", b"x-original-to:")
def unfolded_header_lines(head):
    lines = []
    for l in head.split(b"\r\n"):
        if l[:1] in (b" ", b"\t") and lines:
            lines[-1] += b"\r\n" + l
        elif l:
            lines.append(l)
    return lines
def messages(user):
    out, n = [], 1
    while True:
        r = subprocess.run([os.path.join(root, "msgstore"), "imcheck", "-m", f"user/{user}/INBOX",
                            "-b", str(n), "--store", store], capture_output=True)
        if r.returncode != 0:
            return out
        out.append(r.stdout)
        n += 1
inboxes = {u: messages(u) for u in ("u1", "u2", "u3")}
failures = []
for name in sorted(f for f in os.listdir(sent) if not f.endswith(".to")):
    data = open(os.path.join(sent, name), "rb").read()
    users = open(os.path.join(sent, name + ".to")).read().split()
    for u in users:
        found = [m for m in inboxes[u] if m.endswith(data)]
        if len(found) != 1:
            failures.append(f"{name}: {len(found)} copies in user/{u}/INBOX end with the sent bytes")
            continue
        prefix = found[0][: len(found[0]) - len(data)]
        extra = [l for l in unfolded_header_lines(prefix) if not l.lower().startswith(TRACE)]
        if extra or not prefix.endswith(b"\r\n") and prefix:
            failures.append(f"{name}: user/{u}/INBOX has more than trace lines before it: {extra!r}")
total = sum(len(v) for v in inboxes.values())
if total != 6:
    failures.append(f"{total} messages in the three INBOXes, 6 expected")
log = open(maillog, errors="replace").read()
if not any("nobody@example.test" in l and "status=bounced" in l and "5.1.1" in l for l in log.splitlines()):
    failures.append("no bounce with 5.1.1 for nobody@example.test in Postfix's log")
if failures:
    print("postfix-conformance: " + "\npostfix-conformance: ".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"postfix-conformance: {total} copies of 5 messages in the right INBOXes, byte for byte;"
      " the unknown user bounced 5.1.1", file=sys.stderr)
PY

# immonitor-access -S: the probe message in through Postfix's SMTP, out of msgstore's IMAP.
monitor() { ./msgstore immonitor-access "$@" </dev/null; }
rc=0
out=$(monitor -S "127.0.0.1:$smtp_port=60" -I "127.0.0.1:$imap_port=60" -u u1 -w pass \
  --rcpt "u1@$domain" -f "monitor@$domain" -D 120 2>&1) || rc=$?
if [ "$rc" != 0 ] || ! grep -q "^Smtp Statistics for: 127.0.0.1:$smtp_port" <<<"$out" \
  || ! grep -q "^Delivery Time: " <<<"$out"; then
  say "immonitor-access -S ... -I ... exited $rc (0 expected, with the SMTP steps and a delivery time):"
  echo "$out" >&2
  exit 1
fi
say "immonitor-access: $(grep '^Delivery Time: ' <<<"$out" | head -n 1) through Postfix to IMAP"

# A threshold no SMTP conversation meets: exit 1, and the ALERT mailed through Postfix (-A) to u2.
rc=0
out=$(monitor -S "127.0.0.1:$smtp_port=0.000001" -u u1 --rcpt "u1@$domain" -f "monitor@$domain" \
  -r "u2@$domain" -A "127.0.0.1:$smtp_port" 2>&1) || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^ALERT: " <<<"$out"; then
  say "immonitor-access with an unmeetable threshold exited $rc (1 expected, with an ALERT line):"
  echo "$out" >&2
  exit 1
fi
for i in $(seq 600); do
  found=0
  for n in 1 2 3 4; do
    if ./msgstore imcheck -m user/u2/INBOX -b "$n" --store "$store" 2>/dev/null \
      | tr -d '\r' | grep -q "^ALERT: "; then
      found=1
      break
    fi
  done
  [ "$found" = 1 ] && break
  if [ "$i" = 600 ]; then
    say "immonitor-access's alert did not reach user/u2/INBOX through Postfix in 60 s"
    exit 1
  fi
  sleep 0.1
done
say "immonitor-access: exit 1 over the threshold, and its ALERT mail reached u2 through Postfix"
