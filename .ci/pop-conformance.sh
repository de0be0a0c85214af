#!/usr/bin/env bash
# Conformance of the pop component with a real POP3 client: fetchmail from Debian (installed here
# when missing, as root, with apt, quietly). In a throw-away store with one user (fm, password
# "pass") whose INBOX gets N messages (POP_MESSAGES, default 300) over LMTP, the daemon serving
# lmtp and pop on free loopback ports, fetchmail speaks POP3 over STLS (the store's self-signed
# certificate exported to PEM and checked) and:
#   1. keep + UIDL: downloads all N and leaves them (the INBOX still holds N);
#   2. keep again: downloads nothing (every unique id is known);
#   3. 20 more delivered, keep: downloads the 20 new ones only;
#   4. fetchall + keep: downloads all N+20 again, leaves them;
#   5. fetchall without keep: downloads N+20 and deletes them at QUIT (the INBOX is empty);
#   6. once more: nothing to download.
# Each downloaded message is checked against what was sent (its Subject numbers, no duplicate).
# Stops the daemon and deletes the directory. About a minute.
#
# Where fetchmail is missing and cannot be installed: skips with a message, or fails under CI.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "pop-conformance: $*" >&2; }

if ! command -v fetchmail >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing fetchmail"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get -qq update && apt-get -qq install -y --no-install-recommends fetchmail; } \
      >/dev/null 2>&1 || true
  fi
  if ! command -v fetchmail >/dev/null 2>&1; then
    if [ -n "${CI:-}" ]; then
      say "fetchmail is missing and cannot be installed"
      exit 1
    fi
    say "fetchmail is missing and cannot be installed: skipped"
    exit 0
  fi
fi

n=${POP_MESSAGES:-300}
work=$(mktemp -d "${TMPDIR:-/tmp}/msgstore-pop.XXXXXX")
store="$work/store"
stop() {
  ./msgstore stop-msg -f --store "$store" >/dev/null 2>&1 || true
  [ -n "${POP_KEEP:-}" ] && say "kept $work" || rm -rf "$work"
}
trap stop EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

./msgstore user create fm --mail=fm@example.test --store "$store" >/dev/null
echo pass | ./msgstore user passwd fm --password-file /dev/stdin --store "$store" >/dev/null
lmtp=$(free_port)
pop=$(free_port)
./msgstore configutil -o service.http.enable -v no --store "$store" >/dev/null 2>&1
./msgstore configutil -o service.imap.enable -v no --store "$store" >/dev/null 2>&1
./msgstore configutil -o service.lmtp.port -v "$lmtp" --store "$store" >/dev/null 2>&1
./msgstore configutil -o service.pop.port -v "$pop" --store "$store" >/dev/null 2>&1
./msgstore configutil -o service.pop.plaintextlogin -v no --store "$store" >/dev/null 2>&1
started=$(./msgstore start-msg --store "$store")
grep -q "^pop: listening on pop://127.0.0.1:$pop," <<<"$started" \
  || { say "the daemon did not start pop: $started"; exit 1; }

deliver() { # FIRST LAST: messages fm-FIRST..fm-LAST over one LMTP session
  python3 - "$lmtp" "$1" "$2" <<'PY'
import smtplib, sys
port, first, last = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
c = smtplib.LMTP("127.0.0.1", port)
for i in range(first, last + 1):
    body = "".join("line %d of message %d\r\n" % (k, i) for k in range(i % 40 + 1))
    if i % 7 == 0:
        body += ".a line that starts with a dot\r\n"
    msg = ("From: sender@example.test\r\nTo: fm@example.test\r\nSubject: fm-%d\r\n"
           "Message-ID: <fm-%d@example.test>\r\n\r\n%s" % (i, i, body))
    refused = c.sendmail("sender@example.test", ["fm@example.test"], msg.encode())
    if refused:
        sys.exit("refused: %r" % refused)
c.quit()
PY
}

tls="$store/config/tls"
"${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/keytool" \
  -exportcert -rfc -alias msgstore -keystore "$tls/keystore.p12" \
  -storepass:file "$tls/keystore.pass" -file "$work/ca.pem" >/dev/null 2>&1 \
  || { say "could not export the certificate"; exit 1; }

export HOME="$work" # fetchmail's lock and warnings
fetch() { # RUN fetchmail-options...; prints how many messages it downloaded, checks them
  local run=$1
  shift
  local out="$work/got-$run"
  mkdir -p "$out"
  cat >"$work/fetchmailrc" <<RC
set no syslog
poll 127.0.0.1 protocol POP3 port $pop
  user "fm" password "pass" is "fm" here
  sslproto TLS1.2+ sslcertck sslcertfile "$work/ca.pem" sslcommonname localhost
  mda "/bin/sh -c 'cat > $out/\$\$-\$(date +%s%N)'"
RC
  chmod 600 "$work/fetchmailrc"
  local rc=0
  fetchmail -f "$work/fetchmailrc" -i "$work/fetchids" --nosyslog "$@" \
    >"$work/fetchmail-$run.log" 2>&1 || rc=$?
  # 0: mail was fetched; 1: there was none
  if [ "$rc" -gt 1 ]; then
    say "fetchmail $* exited $rc:"
    tail -5 "$work/fetchmail-$run.log" >&2
    exit 1
  fi
  local got
  got=$(find "$out" -type f | wc -l)
  if [ "$got" -gt 0 ]; then
    local dups
    dups=$(cat "$out"/* | sed -n 's/^Subject: fm-//p' | sort | uniq -d | wc -l)
    [ "$dups" = 0 ] || { say "run $run: $dups messages downloaded twice"; exit 1; }
    if cat "$out"/* | grep -q '^\.\.a line'; then
      say "run $run: a byte-stuffed line reached the MDA stuffed"; exit 1
    fi
  fi
  echo "$got"
}
expect() { # WHAT GOT WANTED
  if [ "$2" != "$3" ]; then
    say "$1: $2, expected $3"
    exit 1
  fi
  say "$1: $2"
}

deliver 1 "$n"
expect "1. keep, first download" "$(fetch 1 --keep --uidl)" "$n"
expect "2. keep again (every id known)" "$(fetch 2 --keep --uidl)" 0
deliver $((n + 1)) $((n + 20))
expect "3. keep, 20 new" "$(fetch 3 --keep --uidl)" 20
expect "4. fetchall + keep" "$(fetch 4 --keep --fetchall --uidl)" $((n + 20))
expect "5. fetchall, delete" "$(fetch 5 --nokeep --fetchall --uidl)" $((n + 20))
expect "6. nothing left" "$(fetch 6 --nokeep --uidl)" 0
left=$(python3 - "$pop" <<'PY'
import poplib, ssl, sys
p = poplib.POP3("127.0.0.1", int(sys.argv[1]))
p.stls(context=ssl._create_unverified_context())
p.user("fm"); p.pass_("pass")
print(p.stat()[0]); p.quit()
PY
)
expect "INBOX after the deleting run" "$left" 0
./msgstore stop-msg --store "$store" >/dev/null
say "passed: fetchmail downloaded $n+20 messages over STLS with UIDL keep/fetchall as expected"
