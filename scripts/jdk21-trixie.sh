#!/bin/sh
# Makes a JDK 21 on a Debian 12 machine, for CI's JDK 21 checks: Debian 12 has no JDK 21 package,
# Debian 13 (trixie) has OpenJDK 21 but built against glibc 2.41. This downloads trixie's
# openjdk-21-jre/jdk-headless and libc6 packages with a private apt configuration (nothing is
# installed or upgraded on the machine), unpacks them into DEST, and replaces each executable in
# DEST/bin (and lib/jspawnhelper) with a two-line script that starts it under trixie's own
# dynamic loader and libc. Child processes the JVM starts (sh, git, ...) keep the machine's libc.
# A machine with a real JDK 21 does not need this: set JDK21=/path/to/jdk-21 instead.
#
#   sh scripts/jdk21-trixie.sh [DEST]     (default /opt/dpfah-jdk21; a finished DEST is reused)
set -eu
DEST="${1:-/opt/dpfah-jdk21}"
if [ -x "$DEST/bin/java" ] && "$DEST/bin/java" -version >/dev/null 2>&1; then
  exit 0
fi
ARCH=$(dpkg --print-architecture)
[ "$ARCH" = amd64 ] || { echo "jdk21-trixie: only amd64 is supported, not $ARCH" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jdk21-trixie.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/debs"
APT="-o Dir::Etc::sourcelist=$WORK/trixie.sources -o Dir::Etc::sourceparts=/dev/null
  -o Dir::State::Lists=$WORK/lists -o Dir::Cache=$WORK/cache -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get -qq $APT update
# shellcheck disable=SC2086
(cd "$WORK/debs" && apt-get -qq $APT download openjdk-21-jre-headless openjdk-21-jdk-headless libc6)
for d in "$WORK/debs"/*.deb; do dpkg -x "$d" "$WORK/x"; done
NEW="$DEST.new"
rm -rf "$NEW"
mv "$WORK/x/usr/lib/jvm/java-21-openjdk-amd64" "$NEW"
mkdir -p "$NEW/glibc" "$NEW/bin/.real" "$NEW/lib/.real"
cp -a "$WORK/x/usr/lib/x86_64-linux-gnu/." "$NEW/glibc/"
# Debian's conf/ and some lib/ entries are links into /etc/java-21-openjdk: take the package's.
rm -rf "$NEW/conf"
cp -a "$WORK/x/etc/java-21-openjdk" "$NEW/conf"
find "$NEW/lib" -maxdepth 2 -type l | while read -r link; do
  target=$(readlink "$link")
  case "$target" in
    /etc/java-21-openjdk/*) rm "$link"; cp -a "$WORK/x$target" "$link" ;;
  esac
done
wrap() { # wrap REAL WRAPPER: WRAPPER runs REAL (a path under DEST) with trixie's loader and libc
  printf '#!/bin/sh\nH=%s\nexec "$H/glibc/ld-linux-x86-64.so.2" --library-path "$H/glibc:$H/lib:$H/lib/server:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu" "%s" "$@"\n' \
    "$DEST" "$1" > "$2"
  chmod +x "$2"
}
for exe in "$NEW"/bin/*; do
  [ -f "$exe" ] || continue
  name=$(basename "$exe")
  mv "$exe" "$NEW/bin/.real/$name"
  wrap "$DEST/bin/.real/$name" "$NEW/bin/$name"
done
mv "$NEW/lib/jspawnhelper" "$NEW/lib/.real/jspawnhelper"
wrap "$DEST/lib/.real/jspawnhelper" "$NEW/lib/jspawnhelper"
rm -rf "$DEST"
mv "$NEW" "$DEST"
"$DEST/bin/java" -version 2>&1 | head -1
