# Sourced by ./msgstore, ./build.sh and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME when it is new enough, then the JDKs installed under /usr/lib/jvm (newest
# first), then /opt and the `java` on PATH. Exits with one clear line when none is found.

# A JDK's feature version, learnt without starting it when possible: every verb sources this file,
# and each `java -XshowSettings` costs a JVM start (~80 ms of CPU).
msgstore_java_major() { # $1 = path to a java executable; prints its feature version
  local java home line version cache entry_mtime entry_major entry_path mtime major
  java=$(readlink -f "$1") || return 0
  home=${java%/bin/java}
  # Every JDK since 9 has a `release` file: JAVA_VERSION="25.0.3" (8 says "1.8.0_392").
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*)
          version=${line#JAVA_VERSION=}
          version=${version//\"/}
          version=${version#1.}
          version=${version%%[!0-9]*}
          [ -n "$version" ] && echo "$version" && return 0
          ;;
      esac
    done <"$home/release"
  fi
  # Otherwise ask the JVM once per java executable, remembered by its path and modification time.
  mtime=$(stat -c %Y "$java" 2>/dev/null || stat -f %m "$java" 2>/dev/null) || mtime=""
  cache=""
  if [ -n "$mtime" ] && [ -n "${XDG_CACHE_HOME:-${HOME:-}}" ]; then
    cache="${XDG_CACHE_HOME:-$HOME/.cache}/msgstore/java-versions"
    if [ -f "$cache" ]; then
      while read -r entry_mtime entry_major entry_path; do
        if [ "$entry_path" = "$java" ] && [ "$entry_mtime" = "$mtime" ]; then
          echo "$entry_major"
          return 0
        fi
      done <"$cache"
    fi
  fi
  major=$("$java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
  [ -n "$major" ] || return 0
  if [ -n "$cache" ] && mkdir -p "${cache%/*}" 2>/dev/null; then
    # One line per java ("mtime major path"), rewritten whole so that a racing reader sees either.
    {
      if [ -f "$cache" ]; then
        while read -r entry_mtime entry_major entry_path; do
          [ "$entry_path" = "$java" ] || echo "$entry_mtime $entry_major $entry_path"
        done <"$cache"
      fi
      echo "$mtime $major $java"
    } >"$cache.$$" 2>/dev/null && mv -f "$cache.$$" "$cache" 2>/dev/null || rm -f "$cache.$$"
  fi
  echo "$major"
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
