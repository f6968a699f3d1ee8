# Shared by ./dpfah and notebooks/kernels/java/launch.sh (sourced; POSIX sh).
#
#   dpfah_java_feature [JAVA]    feature release (17, 21, 25, ...) of JAVA (default: java on PATH)
#   dpfah_jvm_options FEATURE [COMMAND]
#                                JVM options for that release (flush-denormal, native access)
#   dpfah_require_java FEATURE   fails with a message below JDK 17
#   dpfah_malloc_env             exports glibc malloc settings that keep freed memory mapped
#   dpfah_build ROOT PROFILE     mvn package -DskipTests quietly: offline first; when that lacks
#                                dependencies, one line, then online; Maven's output only on failure

dpfah_java_feature() {
  _java=$(command -v "${1:-java}") || { echo 0; return; }
  _home=$(dirname "$(dirname "$(readlink -f "$_java" 2>/dev/null || echo "$_java")")")
  _v=""
  if [ -f "$_home/release" ]; then
    _v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$_home/release")
  fi
  if [ -z "$_v" ]; then
    _v=$("$_java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  case "$_v" in 1.*) _v=${_v#1.} ;; esac
  _v=${_v%%[!0-9]*}
  echo "${_v:-0}"
}

# JDK 17: the foreign-function API is the incubator module, which must be added (the JVM then
# warns "Using incubator modules" at every start, so only commands that train get it: run, sweep,
# bench-model, bench-train, or no COMMAND, i.e. the notebook kernel; it also switches oneDNN, see
# model/OneDnn). JDK 22+: the API is final, and JDK 21's preview has the same shape (dpfah calls
# it reflectively, which needs no --enable-preview); native access is enabled so neither it nor
# DJL's loading of libtorch (JDK 24+) warns. JDK 18-20 have other incubator or preview versions,
# which dpfah does not use (flush-denormal then says once that it is off).
dpfah_jvm_options() {
  if [ "$1" -eq 17 ]; then
    case "${2:-run}" in
      run|sweep|bench-model|bench-train) echo "--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED" ;;
      *) echo "--enable-native-access=ALL-UNNAMED" ;;
    esac
  elif [ "$1" -ge 21 ]; then
    echo "--enable-native-access=ALL-UNNAMED"
  fi
  return 0
}

# glibc returns freed native memory to the kernel (blocks above an adaptive mmap threshold are
# unmapped on free, the heap top is trimmed, and each thread's arena is a 64 MB heap that must
# mmap anything larger), so every training step or encoding batch maps its activations afresh and
# faults them in page by page: measured 25,000-70,000 minor faults and 0.2-0.5 s of kernel time
# per step, and throughput changing 3x between identical runs (docs/performance.md). One arena
# that grows with brk, no mmapped blocks, and the freed heap top kept make the memory of
# one step serve the next. The heap top is never trimmed in practice (threshold 64 GB): at 224 px
# the next step faulted every trim back in (256 MB: 16,000-94,000 faults per training step; 2 GB:
# 0.25 s of kernel time per encoding batch, 0.05 s without trimming). Trimming never lowers the
# peak, which a run reaches in every step; it only gives back what the next step takes again.
# Settings the caller exported are kept; DPFAH_MALLOC=default leaves glibc's defaults.
dpfah_malloc_env() {
  if [ "${DPFAH_MALLOC:-}" = default ]; then
    return 0
  fi
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
  export MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}"
  export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-68719476736}"
  export MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-67108864}"
}

dpfah_require_java() {
  if [ "$1" -lt 17 ]; then
    echo "dpfah: needs Java 17 or newer, but 'java' on PATH ($(command -v java || echo none)) is" \
      "version ${1}; install openjdk-17-jdk-headless (bash scripts/setup-debian.sh) or put a newer JDK first on PATH" >&2
    return 1
  fi
}

dpfah_build() {
  _log=$(mktemp "${TMPDIR:-/tmp}/dpfah-build.XXXXXX")
  if (cd "$1" && mvn -q -B -o -P"$2" package -DskipTests) >"$_log" 2>&1; then
    rm -f "$_log"
    return 0
  fi
  if grep -q "in offline mode" "$_log"; then
    echo "dpfah: first build: downloading dependencies from Maven Central (about 220 MB, once)..." >&2
    if (cd "$1" && mvn -q -B -P"$2" package -DskipTests) >"$_log" 2>&1; then
      rm -f "$_log"
      return 0
    fi
  fi
  echo "dpfah: the build failed (mvn -P$2 package -DskipTests in $1):" >&2
  cat "$_log" >&2
  rm -f "$_log"
  return 1
}
