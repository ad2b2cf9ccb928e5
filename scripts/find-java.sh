# Sourced (POSIX sh) by ./bitnet4j and ./mvnw: sets JAVA_HOME to a JDK whose feature version is >= 25.
# Order: JAVA_HOME, the java on PATH, then the usual install folders. Exits with a clear message otherwise.
bitnet4j_required_java=25

# Prints the feature version of the JDK at $1 (e.g. 25), or nothing when $1 is not a JDK.
bitnet4j_java_version() {
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = 1 ] && v=8
  printf '%s' "$v"
}

bitnet4j_find_java() {
  # BITNET4J_JDK_DIRS (a space-separated list of JDK folders) replaces the usual install folders.
  if [ -n "${BITNET4J_JDK_DIRS-}" ]; then
    set -- $BITNET4J_JDK_DIRS
  else
    set -- /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home
  fi
  for home in "${JAVA_HOME-}" \
      "$(command -v java >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v java)")")")" "$@"; do
    [ -n "$home" ] || continue
    v=$(bitnet4j_java_version "$home")
    if [ -n "$v" ] && [ "$v" -ge "$bitnet4j_required_java" ] 2>/dev/null; then
      JAVA_HOME=$home
      export JAVA_HOME
      return 0
    fi
  done
  cat >&2 <<MSG
bitnet4j needs a JDK $bitnet4j_required_java or newer (it uses the Vector API and java.lang.foreign).
None was found in JAVA_HOME, on PATH or under /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks.
Install one, for example Eclipse Temurin 25 (https://adoptium.net) or 'apt-get install openjdk-25-jdk',
then set JAVA_HOME to it.
MSG
  exit 1
}

# ./mvnw runs with 'set -f' (no wildcards); the search needs them, so lift it for the search only.
case $- in *f*) bitnet4j_noglob=1 ;; *) bitnet4j_noglob= ;; esac
set +f
bitnet4j_find_java
[ -z "$bitnet4j_noglob" ] || set -f
