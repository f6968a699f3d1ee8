#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, executes every notebook
# headlessly, then runs the JUnit suite (unit, integration and notebook-output checks).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-debian.sh --with-notebooks
echo "== build"
mvn -B -q package -DskipTests
echo "== notebooks (headless)"
bash notebooks/run-notebooks.sh
echo "== tests"
mvn -B test -DexcludedGroups=slow
