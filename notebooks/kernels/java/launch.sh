#!/bin/sh
# Starts the dpfah Java kernel for Jupyter: java -cp target/classes:target/lib/* JavaKernel <connection-file>.
# Called through kernel.json; finds the repository root relative to this file, builds once if target/ is missing.
# Environment: DPFAH_CELL_TIMEOUT (seconds per cell, 0 = none, default 600),
#              DPFAH_KERNEL_JAVA_OPTS (JVM options, default -Xmx4g).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
if [ ! -d "$root/target/classes/io/dpfah/notebook/kernel" ] || [ ! -d "$root/target/lib" ]; then
  echo "dpfah kernel: building $root (mvn -o -q -B package -DskipTests) ..." >&2
  (cd "$root" && mvn -o -q -B package -DskipTests) >&2
fi
# shellcheck disable=SC2086  # options are word-split on purpose
exec java ${DPFAH_KERNEL_JAVA_OPTS:--Xmx4g} -cp "$root/target/classes:$root/target/lib/*" \
  io.dpfah.notebook.kernel.JavaKernel "$1"
