# Sourced by ./msgstore, ./build.sh and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME when it is new enough, then the JDKs installed under /usr/lib/jvm (newest
# first), then /opt and the `java` on PATH. Exits with one clear line when none is found.

msgstore_java_major() { # $1 = path to a java executable; prints its feature version
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

msgstore_find_java() {
  local candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in $(ls -d /usr/lib/jvm/*/ /opt/*jdk*/ /opt/java/*/ 2>/dev/null | sort -rV); do
    candidates+=("${candidate%/}")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(msgstore_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "msgstore: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt and PATH); install one or set JAVA_HOME" >&2
  return 69
}

# JDK 23+ warns at every start when a library (Maven's guava, lmdbjava's jffi) uses
# sun.misc.Unsafe; this flag allows it quietly. Older JDKs reject the flag, so it is printed only
# for a JDK that knows it.
msgstore_quiet_unsafe_flag() {
  if [ "$(msgstore_java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
    echo "--sun-misc-unsafe-memory-access=allow"
  fi
}
