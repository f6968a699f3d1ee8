#!/bin/sh
# Starts the dpfah Java kernel for Jupyter: java -cp target/classes:target/lib/* JavaKernel <connection-file>.
# Called through kernel.json; finds the repository root relative to this file, builds once if target/ is missing.
# Runs on the JDK first on PATH (17 or newer), with the JVM options for that JDK (scripts/launcher.sh).
# Environment: DPFAH_CELL_TIMEOUT (seconds per cell, 0 = none, default 600),
#              DPFAH_KERNEL_JAVA_OPTS (JVM options, default -Xmx4g).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
. "$root/scripts/launcher.sh"
feature=$(dpfah_java_feature)
dpfah_require_java "$feature"
if [ ! -d "$root/target/classes/io/dpfah/notebook/kernel" ] || [ ! -d "$root/target/lib" ]; then
  echo "dpfah kernel: building $root ..." >&2
  dpfah_build "$root" "${DPFAH_PROFILE:-cpu}"
fi
# Same runtime settings as ./dpfah: OpenMP threads sleep instead of spinning (training in a cell
# ran at 7 img/s against 60 without this), freed native memory stays mapped, and libtorch's
# flush-denormal mode can be set.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
dpfah_malloc_env
# shellcheck disable=SC2046,SC2086  # options are word-split on purpose
exec java $(dpfah_jvm_options "$feature") ${DPFAH_KERNEL_JAVA_OPTS:--Xmx4g} \
  -cp "$root/target/classes:$root/target/lib/*" io.dpfah.notebook.kernel.JavaKernel "$1"
