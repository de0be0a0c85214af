#!/usr/bin/env bash
# Runs Maven with a JDK 21+ (found as bin/lib/find-java.sh says). `./build.sh verify` builds
# everything and runs every test; any other Maven arguments pass through.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
. "$root/bin/lib/find-java.sh"
msgstore_find_java || exit $?
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} $(msgstore_quiet_unsafe_flag)"
exec mvn -B -ntp "$@"
