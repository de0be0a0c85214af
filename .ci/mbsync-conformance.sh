#!/usr/bin/env bash
# Conformance of the imap component with a real synchronising client, mbsync (Debian isync,
# installed here when missing, as root, quietly): a throw-away store whose user "sync" holds
# MBSYNC_MESSAGES messages (300) in INBOX and a folder, some flagged, is synced to an empty Maildir;
# then flags are changed on both sides (Maildir file names here, UID STORE there), a message is
# added on each side and one deleted on each, and it is synced again. Each side is checked
# against what was done: every message's bytes, its flags, the new and the deleted ones.
# About 20 s on a quiet machine (50 s at load 18).
#
# Where mbsync is missing and cannot be installed: skips with a message, or fails under CI.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "mbsync-conformance: $*" >&2; }

if ! command -v mbsync >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing isync"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get -qq update && apt-get -qq install -y --no-install-recommends isync; } \
      >/dev/null 2>&1 || true
  fi
fi
if ! command -v mbsync >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    say "mbsync (isync) or python3 is missing and cannot be installed"
    exit 1
  fi
  say "mbsync (isync) or python3 is missing: skipped"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/msgstore-mbsync.XXXXXX")
store="$work/store"
stop() {
  ./msgstore stop-msg -f --store "$store" >/dev/null 2>&1 || true
  [ -n "${MBSYNC_KEEP:-}" ] || rm -rf "$work"
}
trap stop EXIT

echo pass | ./msgstore user create sync --password-file /dev/stdin --store "$store" >/dev/null
started=$(./msgstore start-msg --store "$store" imap)
port=$(sed -n 's/^imap: listening on imap:\/\/127.0.0.1:\([0-9]*\),.*/\1/p' <<<"$started")
[ -n "$port" ] || { say "the daemon did not start imap: $started"; exit 1; }

mkdir -p "$work/mail"
cat >"$work/mbsyncrc" <<EOF
IMAPAccount msgstore
Host 127.0.0.1
Port $port
User sync
Pass pass
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account msgstore

MaildirStore local
Path $work/mail/
Inbox $work/mail/INBOX
SubFolders Verbatim

Channel msgstore
Far :remote:
Near :local:
Patterns *
Create Both
Remove None
Expunge Both
SyncState *
Sync All
EOF

sync() {
  if ! mbsync -c "$work/mbsyncrc" -a >"$work/mbsync.out" 2>&1; then
    say "mbsync failed:"
    cat "$work/mbsync.out" >&2
    exit 1
  fi
}

check() {
  python3 - "$port" "$work/mail" "$work/state.json" "$@" <<'PY'
import hashlib, imaplib, json, os, random, re, sys, threading

port, maildir, statefile, step = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
N = int(os.environ.get("MBSYNC_MESSAGES", "300"))
FOLDERS = {"INBOX": "INBOX", "Lists/dev": "Lists/dev"}
LETTERS = {"\\Seen": "S", "\\Flagged": "F", "\\Answered": "R", "\\Draft": "D"}


def fail(text):
    print("mbsync-conformance: " + text, file=sys.stderr)
    sys.exit(1)


def ok(res):
    if res[0] != "OK":
        fail("server refused: %r" % (res,))
    return res[1]


def message(i, folder):
    body = "".join("line %d of message %d in %s\r\n" % (n, i, folder) for n in range(i % 40 + 1))
    return ("From: sender%d@example.com\r\nTo: sync@example.com\r\nSubject: message %d\r\n"
            "Message-ID: <m%d.%s@mbsync.example>\r\nDate: Thu, 3 Dec 2026 10:%02d:00 +0000\r\n\r\n%s"
            % (i, i, i, folder.replace("/", "."), i % 60, body)).encode()


def digest(data):
    """The bytes' SHA-256 with line ends as LF (a Maildir keeps LF, IMAP sends CRLF) and without
    the X-TUID header line mbsync adds to each message it copies (its own bookkeeping)."""
    data = re.sub(rb"(?m)^X-TUID: [^\n]*\n", b"", data.replace(b"\r\n", b"\n"), count=1)
    return hashlib.sha256(data).hexdigest()


def key(data):
    m = re.search(rb"Message-ID: <([^>]+)>", data)
    return m.group(1).decode() if m else None


def server():
    c = imaplib.IMAP4("127.0.0.1", port)
    ok(c.login("sync", "pass"))
    return c


def server_view(c):
    """Per folder: Message-ID -> (sha256 of the bytes, sorted flag letters)."""
    view = {}
    for f in FOLDERS:
        ok(c.select('"%s"' % f))
        got = {}
        data = ok(c.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])"))
        for item in data:
            if not isinstance(item, tuple):
                continue
            flags = re.search(rb"FLAGS \(([^)]*)\)", item[0]).group(1).decode().split()
            letters = "".join(sorted(LETTERS[x] for x in flags if x in LETTERS))
            got[key(item[1])] = (digest(item[1]), letters)
        view[f] = got
    return view


def maildir_view():
    view = {}
    for f, path in FOLDERS.items():
        got = {}
        for sub in ("cur", "new"):
            d = os.path.join(maildir, path, sub)
            for name in os.listdir(d):
                with open(os.path.join(d, name), "rb") as fh:
                    data = fh.read()
                letters = name.split(":2,")[1] if ":2," in name else ""
                letters = "".join(sorted(x for x in letters if x in "SFRD"))
                if "T" in (name.split(":2,")[1] if ":2," in name else ""):
                    continue  # trashed: not a message any more
                got[key(data)] = (digest(data), letters)
        view[f] = got
    return view


def compare(expected, actual, where):
    for f in FOLDERS:
        e, a = expected[f], actual[f]
        if set(e) != set(a):
            fail("%s %s: missing %s, unexpected %s"
                 % (where, f, sorted(set(e) - set(a))[:5], sorted(set(a) - set(e))[:5]))
        for k in e:
            if tuple(e[k]) != tuple(a[k]):
                fail("%s %s %s: expected %s, found %s" % (where, f, k, e[k], a[k]))


rnd = random.Random(7)
if step == "fill":
    c = server()
    ok(c.create('"Lists/dev"'))
    c.logout()
    expected, work = {}, []
    for f in FOLDERS:
        expected[f] = {}
        count = N * 2 // 3 if f == "INBOX" else N - N * 2 // 3
        for i in range(count):
            flags = [x for x in LETTERS if rnd.random() < 0.3]
            data = message(i, f)
            work.append((f, flags, data))
            expected[f][key(data)] = (digest(data), "".join(sorted(LETTERS[x] for x in flags)))

    def append(part):  # six sessions at once: their commits share the journal's fsyncs
        c = server()
        for f, flags, data in part:
            ok(c.append('"%s"' % f, "(" + " ".join(flags) + ")", None, data))
        c.logout()

    threads = [threading.Thread(target=append, args=(work[i::6],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump(expected, open(statefile, "w"))
elif step == "pulled":
    expected = json.load(open(statefile))
    compare(expected, maildir_view(), "Maildir after the first sync")
    compare(expected, server_view(server()), "server after the first sync")
    print(sum(len(v) for v in expected.values()))
elif step == "change":
    expected = json.load(open(statefile))
    # on the Maildir side: new flags by renaming, one message trashed, one new message
    for f, path in FOLDERS.items():
        d = os.path.join(maildir, path, "cur")
        names = sorted(os.listdir(d))
        for name in rnd.sample(names, len(names) // 5):
            with open(os.path.join(d, name), "rb") as fh:
                k = key(fh.read())
            base = name.split(":2,")[0]
            letters = "".join(sorted(rnd.sample("DFRS", rnd.randint(0, 3))))
            os.rename(os.path.join(d, name), os.path.join(d, base + ":2," + letters))
            expected[f][k] = (expected[f][k][0], letters)
        victim = sorted(n for n in os.listdir(d) if ":2," in n)[3]
        with open(os.path.join(d, victim), "rb") as fh:
            del expected[f][key(fh.read())]
        base, letters = victim.split(":2,")
        os.rename(os.path.join(d, victim), os.path.join(d, base + ":2," + "".join(sorted(letters + "T"))))
        data = message(10_000, f + ".near")
        with open(os.path.join(maildir, path, "new", "1700000000.near.%s" % f.replace("/", ".")), "wb") as fh:
            fh.write(data)
        expected[f][key(data)] = (digest(data), "")
    # on the server side: flags of other messages, one deleted and expunged, one appended
    c = server()
    for f in FOLDERS:
        ok(c.select('"%s"' % f))
        data = ok(c.uid("FETCH", "1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"))
        uids = []
        for item in data:
            if isinstance(item, tuple):
                uid = re.search(rb"UID (\d+)", item[0]).group(1).decode()
                uids.append((uid, key(item[1])))
        touched = rnd.sample(uids, len(uids) // 5)
        for uid, k in touched[1:]:
            if k not in expected[f] or expected[f][k][1] != json.load(open(statefile))[f].get(k, (0, None))[1]:
                continue  # changed on the Maildir side too: a conflict, not this test's subject
            letters = "".join(sorted(rnd.sample("DFRS", rnd.randint(0, 3))))
            names = [x for x, l in LETTERS.items() if l in letters]
            ok(c.uid("STORE", uid, "FLAGS", "(" + " ".join(names) + ")"))
            expected[f][k] = (expected[f][k][0], letters)
        uid, k = touched[0]
        if k in expected[f] and expected[f][k][1] == json.load(open(statefile))[f].get(k, (0, None))[1]:
            ok(c.uid("STORE", uid, "+FLAGS", "(\\Deleted)"))
            ok(c.expunge())
            del expected[f][k]
        data = message(20_000, f + ".far")
        ok(c.append('"%s"' % f, "(\\Flagged)", None, data))
        expected[f][key(data)] = (digest(data), "F")
    c.logout()
    json.dump(expected, open(statefile, "w"))
elif step == "synced":
    expected = json.load(open(statefile))
    compare(expected, maildir_view(), "Maildir after the second sync")
    compare(expected, server_view(server()), "server after the second sync")
    print(sum(len(v) for v in expected.values()))
PY
}

t() { [ -z "${MBSYNC_TIMES:-}" ] || say "$(date +%T.%N | cut -c1-12) $*"; }
t start
check fill
t filled
sync
t synced
pulled=$(check pulled)
t checked
check change
t changed
sync
t synced
sync # a third run has nothing left to do, and must not fail
t synced
synced=$(check synced)
t checked
say "synced $pulled messages to a Maildir and back; after changes on both sides $synced, identical on both"
