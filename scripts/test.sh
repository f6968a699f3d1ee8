#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, executes every notebook
# headlessly, then runs the JUnit suite (unit, integration and notebook-output checks; the
# latter report any notebook error in detail). Fails if either part failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-debian.sh --with-notebooks
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
echo "== build"
mvn -B -q package -DskipTests
echo "== notebooks (headless)"
notebooks=0
bash notebooks/run-notebooks.sh || notebooks=$?
echo "== tests"
mvn -B test -DexcludedGroups=slow
if [ "$notebooks" -ne 0 ]; then
  echo "notebooks: at least one cell failed (see NotebookOutputsTest above and target/notebooks/)" >&2
  exit "$notebooks"
fi
