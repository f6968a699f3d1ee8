#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, executes every notebook
# headlessly, then runs the JUnit suite (unit, integration and notebook-output checks; the
# latter report any notebook error in detail) on JDK 17. When a JDK 25 is installed at $JDK25
# (default /usr/lib/jvm/temurin-25-jdk-amd64) it then builds with it and runs the CLI, kernel and
# flush-denormal tests, the synthetic smoke run and one notebook on it. Fails if any part failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-debian.sh --with-notebooks
. scripts/launcher.sh
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
JDK17="${JDK17:-/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture 2>/dev/null || echo amd64)}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -x "$JDK17/bin/java" ]; then
  export JAVA_HOME="$JDK17" PATH="$JDK17/bin:$PATH"
fi
echo "== JDK $(dpfah_java_feature) ($(command -v java))"
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

if [ ! -x "$JDK25/bin/java" ]; then
  echo "== JDK 25: NOT TESTED: no JDK at $JDK25 (set JDK25=/path/to/jdk-25 to test one elsewhere)"
  exit 0
fi
(
  export JAVA_HOME="$JDK25" PATH="$JDK25/bin:$PATH"
  # Maven 3.8's own Guava calls sun.misc.Unsafe, which JDK 24+ warns about (Maven's issue, not dpfah's).
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  echo "== JDK 25 ($JDK25): build, synthetic smoke run"
  rm -rf target/ci-jdk25
  ./dpfah run experiments/synthetic-smoke.yaml --out target/ci-jdk25 >target/ci-jdk25.log 2>&1 \
    || { cat target/ci-jdk25.log; echo "JDK 25: the smoke run failed" >&2; exit 1; }
  grep -h '"flush_denormal"' target/ci-jdk25/synthetic-smoke/*/metrics.json
  tail -1 target/ci-jdk25.log
  echo "== JDK 25: CLI, kernel, flush-denormal and oneDNN tests"
  mvn -B -q test -DexcludedGroups=slow -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='io.dpfah.cli.*Test,CodeEvaluatorTest,FlushDenormalTest,OneDnnTest'
  echo "== JDK 25: notebook 00-kernel-check"
  NOTEBOOK_OUT="$PWD/target/notebooks-jdk25" bash notebooks/run-notebooks.sh notebooks/00-kernel-check.ipynb
  grep -q '"version": "25' target/notebooks-jdk25/00-kernel-check.ipynb \
    || { echo "JDK 25: the notebook did not run on JDK 25" >&2; exit 1; }
  echo "== JDK 25: OK"
)
