#!/bin/sh
# Executes notebooks headlessly with the repository's Java kernel (notebooks/kernels/java) and writes the
# executed copies to target/notebooks/. The committed notebooks are overwritten only with --commit: then every
# notebook that ran without an error replaces its committed copy, so the committed notebooks carry their outputs
# (tables and plots as last executed, readable on GitHub) and this one script refreshes them.
#
# Usage: notebooks/run-notebooks.sh [--commit] [notebook.ipynb ...]
#                                   default: every notebooks/*.ipynb (clears the output folder)
# Env:   NOTEBOOK_OUT           where the executed copies go (default target/notebooks)
#        DPFAH_CELL_TIMEOUT     the kernel's per-cell timeout in seconds (default 600; 0 = none)
#        NOTEBOOK_CELL_TIMEOUT  nbconvert's per-cell timeout in seconds (default 1800; keep it above the kernel's
#                               so that the kernel stops a slow cell and reports it as an error first)
# Exit status 0 only if every notebook ran and no cell produced an error; the executed copies are written even
# when cells fail (--allow-errors), so the error can be read there. Check them with
#   mvn -o -q -B test -Dtest=NotebookOutputsTest -DexcludedGroups=slow
set -eu
commit=0
if [ "${1:-}" = "--commit" ]; then
  commit=1
  shift
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="${NOTEBOOK_OUT:-$root/target/notebooks}"

if [ $# -eq 0 ]; then
  set -- "$here"/*.ipynb
  [ -e "$1" ] || { echo "run-notebooks: no notebooks in $here" >&2; exit 2; }
  rm -rf "$out"
fi
if [ ! -d "$root/target/classes/io/dpfah/notebook/kernel" ] || [ ! -d "$root/target/lib" ]; then
  echo "run-notebooks: building ..." >&2
  . "$root/scripts/launcher.sh"
  dpfah_build "$root" "${DPFAH_PROFILE:-cpu}"
fi
mkdir -p "$out"
JUPYTER_PATH="$here${JUPYTER_PATH:+:$JUPYTER_PATH}"
DPFAH_CELL_TIMEOUT="${DPFAH_CELL_TIMEOUT:-600}"
export JUPYTER_PATH DPFAH_CELL_TIMEOUT

status=0
for nb in "$@"; do
  [ -f "$nb" ] || { echo "run-notebooks: no such notebook: $nb" >&2; status=1; continue; }
  name=$(basename "$nb" .ipynb)
  echo "== $name" >&2
  if ! jupyter nbconvert --execute --to notebook --allow-errors \
      --ExecutePreprocessor.timeout="${NOTEBOOK_CELL_TIMEOUT:-1800}" \
      --ExecutePreprocessor.startup_timeout=300 \
      --ExecutePreprocessor.kernel_name=java \
      --ExecutePreprocessor.record_timing=False \
      --output-dir "$out" --output "$name" "$nb"; then
    echo "!! $name: execution failed" >&2
    status=1
  elif grep -q '"output_type": "error"' "$out/$name.ipynb"; then
    echo "!! $name: a cell raised an error, see $out/$name.ipynb" >&2
    status=1
  elif [ "$commit" = 1 ]; then
    cp "$out/$name.ipynb" "$nb"
    echo "== $name: committed copy refreshed ($nb)" >&2
  fi
done
exit $status
