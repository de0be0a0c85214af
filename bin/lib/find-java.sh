# Sourced by ./msgstore, ./build.sh and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME when it is new enough, then the JDKs installed under /usr/lib/jvm (newest
# first), then /opt and the `java` on PATH. Exits with one clear line when none is found.
# Every verb sources this file before its JVM starts, so it runs no process in the usual case (a
# fork and exec is a millisecond or two of CPU, and more of waiting on a busy machine): bash's own
# tests and reads only, the scan of the JDK directories remembered between runs.

# A JDK's feature version, learnt without starting it when possible: each `java -XshowSettings`
# costs a JVM start (~80 ms of CPU). Sets msgstore_major ("" when unknown).
msgstore_java_major_of() { # $1 = path to a java executable
  local java=$1 home line version cache entry_mtime entry_major entry_path mtime major
  msgstore_major=""
  if [ "${msgstore_major_asked:-}" = "$1" ]; then # asked again in this run: the launcher does
    msgstore_major=$msgstore_major_answer
    return 0
  fi
  if [ -L "$java" ]; then
    java=$(readlink -f "$java") || return 0
  fi
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
          if [ -n "$version" ]; then
            msgstore_major=$version
            msgstore_major_asked=$1 msgstore_major_answer=$version
            return 0
          fi
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
          msgstore_major=$entry_major
          msgstore_major_asked=$1 msgstore_major_answer=$entry_major
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
  msgstore_major=$major
  msgstore_major_asked=$1 msgstore_major_answer=$major
}

# The same, printed (nothing when unknown).
msgstore_java_major() { # $1 = path to a java executable
  msgstore_java_major_of "$1"
  if [ -n "$msgstore_major" ]; then
    echo "$msgstore_major"
  fi
}

# Whether $1 is a JDK (java and javac) of version 21 or newer.
msgstore_usable_jdk() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  msgstore_java_major_of "$1/bin/java"
  [ -n "$msgstore_major" ] && [ "$msgstore_major" -ge 21 ]
}

msgstore_find_java() {
  local candidate found="" scan="" dirs=(/usr/lib/jvm /opt /opt/java) dir java
  if [ -n "${JAVA_HOME:-}" ] && msgstore_usable_jdk "$JAVA_HOME"; then
    export JAVA_HOME
    return 0
  fi
  # The scan's answer is remembered, and taken while it is still a usable JDK and none of the
  # directories it looked in changed since (a JDK installed or removed there changes its directory).
  if [ -n "${XDG_CACHE_HOME:-${HOME:-}}" ]; then
    scan="${XDG_CACHE_HOME:-$HOME/.cache}/msgstore/java-home"
    if [ -f "$scan" ] && IFS= read -r candidate <"$scan" && [ -n "$candidate" ]; then
      found=$candidate
      for dir in "${dirs[@]}"; do
        if [ "$dir" -nt "$scan" ]; then
          found=""
        fi
      done
      if [ -n "$found" ] && msgstore_usable_jdk "$found"; then
        export JAVA_HOME="$found"
        return 0
      fi
      found=""
    fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ /opt/*jdk*/ /opt/java/*/ 2>/dev/null | sort -rV); do
    if msgstore_usable_jdk "${candidate%/}"; then
      found=${candidate%/}
      break
    fi
  done
  if [ -n "$found" ]; then
    if [ -n "$scan" ] && mkdir -p "${scan%/*}" 2>/dev/null; then
      echo "$found" >"$scan.$$" 2>/dev/null && mv -f "$scan.$$" "$scan" 2>/dev/null || rm -f "$scan.$$"
    fi
    export JAVA_HOME="$found"
    return 0
  fi
  # Last, the `java` on PATH (not remembered: PATH is the caller's).
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    candidate=${java%/bin/java}
    if msgstore_usable_jdk "$candidate"; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  fi
  echo "msgstore: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt and PATH); install one or set JAVA_HOME" >&2
  return 69
}

# JDK 23+ warns at every start when a library (Maven's guava, lmdbjava's jffi) uses
# sun.misc.Unsafe; this flag allows it quietly. Older JDKs reject the flag, so it is given only
# for a JDK that knows it: msgstore_unsafe_flag is set to it, or to nothing.
msgstore_quiet_unsafe_flag_of() {
  msgstore_unsafe_flag=""
  msgstore_java_major_of "$JAVA_HOME/bin/java"
  if [ -n "$msgstore_major" ] && [ "$msgstore_major" -ge 23 ]; then
    msgstore_unsafe_flag="--sun-misc-unsafe-memory-access=allow"
  fi
}

# The same, printed.
msgstore_quiet_unsafe_flag() {
  msgstore_quiet_unsafe_flag_of
  if [ -n "$msgstore_unsafe_flag" ]; then
    echo "$msgstore_unsafe_flag"
  fi
}
