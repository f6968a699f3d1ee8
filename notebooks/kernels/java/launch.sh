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
  (cd "$root" && { mvn -o -q -B package -DskipTests || mvn -q -B package -DskipTests; }) >&2
fi
# Same runtime settings as ./dpfah: OpenMP threads sleep instead of spinning (training in a cell
# ran at 7 img/s against 60 without this), and libtorch's flush-denormal mode can be set.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
FFI="--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED"
# shellcheck disable=SC2086  # options are word-split on purpose
exec java $FFI ${DPFAH_KERNEL_JAVA_OPTS:--Xmx4g} -cp "$root/target/classes:$root/target/lib/*" \
  io.dpfah.notebook.kernel.JavaKernel "$1"
