#!/usr/bin/env bash
# Conformance of the LDAP directory with a real OpenLDAP server: installs slapd and ldap-utils
# when missing (as root, with apt, quietly), starts a private slapd on a free loopback port with
# its own configuration, database and pid file in a temp directory (never the system service),
# with the core, cosine and inetorgperson schemas plus the reference's schema subset msgstore
# reads (converted from schema.ldif, which the in-memory tests load), runs the directory contract against it
# (ExternalLdapContractTest, which loads the fixture over LDAP), and stops it.
#
# Where slapd is missing and cannot be installed: skips with a message, or fails under CI
# (CI set), where the check must run.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "ldap-conformance: $*" >&2; }

if ! command -v slapd >/dev/null 2>&1 && [ ! -x /usr/sbin/slapd ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing slapd and ldap-utils"
    export DEBIAN_FRONTEND=noninteractive
    # No database of the package's own, and no system service started by its install: this
    # script runs its own slapd. policy-rc.d is only put in place when there is none.
    echo "slapd slapd/no_configuration boolean true" | debconf-set-selections 2>/dev/null || true
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    fi
    rc=0
    { apt-get -qq update && apt-get -qq install -y --no-install-recommends slapd ldap-utils; } \
      >/dev/null 2>&1 || rc=$?
    [ -n "$policy" ] && rm -f "$policy"
    [ "$rc" = 0 ] || { say "could not install slapd (apt-get exit $rc)"; exit 1; }
  elif [ -n "${CI:-}" ]; then
    say "slapd is missing and cannot be installed here (not root, or no apt-get)"
    exit 1
  else
    say "slapd is missing and cannot be installed here (not root, or no apt-get): skipped"
    exit 0
  fi
fi
SLAPD=$(command -v slapd || echo /usr/sbin/slapd)

work=$(mktemp -d "${TMPDIR:-/tmp}/msgstore-slapd.XXXXXX")
pidfile="$work/slapd.pid"
stop() {
  if [ -s "$pidfile" ]; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 50); do [ -e "$pidfile" ] || break; sleep 0.1; done
  fi
  rm -rf "$work"
}
trap stop EXIT

# The schema subset, from the LDIF the in-memory tests load: one definition per line there.
sed -n -e 's/^attributeTypes: /attributetype /p' -e 's/^objectClasses: /objectclass /p' \
  projections/src/main/resources/dev/msgstore/store/directory/ldap/schema.ldif \
  >"$work/msgstore.schema"

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
mkdir -p "$work/db"
modules=/usr/lib/ldap
[ -d "$modules" ] || modules=$(dirname "$(find /usr/lib -name 'back_mdb*.so*' -print -quit)")
cat >"$work/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include $work/msgstore.schema
pidfile $pidfile
argsfile $work/slapd.args
modulepath $modules
moduleload back_mdb
database mdb
maxsize 104857600
suffix "o=usergroup"
rootdn "cn=manager,o=usergroup"
rootpw $password
directory $work/db
index objectClass,uid,mail,mailAlternateAddress,sunPreferredDomain eq
access to attrs=userPassword by anonymous auth by self write by * none
access to * by * read
CONF
chmod 600 "$work/slapd.conf"

# A free loopback port: slapd is asked to listen on a random one, again if it is taken.
port=""
for _ in 1 2 3 4 5; do
  try=$((20000 + RANDOM % 40000))
  if "$SLAPD" -f "$work/slapd.conf" -h "ldap://127.0.0.1:$try/" -n msgstore-slapd \
    >"$work/slapd.log" 2>&1; then
    for _ in $(seq 100); do
      if ldapsearch -x -LLL -H "ldap://127.0.0.1:$try/" -s base -b "" namingContexts \
        >/dev/null 2>&1; then
        port=$try
        break 2
      fi
      sleep 0.1
    done
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  fi
done
if [ -z "$port" ]; then
  say "slapd did not start:"
  cat "$work/slapd.log" >&2
  exit 1
fi
say "slapd $("$SLAPD" -VV 2>&1 | grep -o 'slapd [0-9.]*' | head -1) on ldap://127.0.0.1:$port/"

./build.sh -q test -pl projections -am \
  -Dtest=ExternalLdapContractTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmsgstore.ldap.url="ldap://127.0.0.1:$port" \
  -Dmsgstore.ldap.manager="cn=manager,o=usergroup" \
  -Dmsgstore.ldap.manager-password="$password"
report=projections/target/surefire-reports/TEST-dev.msgstore.store.directory.ldap.ExternalLdapContractTest.xml
if [ ! -f "$report" ] || grep -q 'skipped="[1-9]' "$report"; then
  say "the contract did not run against slapd"
  exit 1
fi
say "the directory contract passed against slapd"
