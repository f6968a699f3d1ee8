#!/usr/bin/env bash
# The README's test command: installs what is missing (chromium too, when it can), builds,
# runs `dpfah slurm` on a real single-node Slurm (scripts/slurm-test.sh: as root; it installs
# slurm-wlm and munge with apt, and says NOT TESTED without root or apt), executes every notebook
# headlessly, then runs the JUnit suite (unit, integration, notebook-output checks, which report
# any notebook error in detail, and the report's browser test in chromium) on JDK 17. Then, on
# JDK 21 (see below) and on the JDK 25 at $JDK25 (default
# /usr/lib/jvm/temurin-25-jdk-amd64) when present, it builds and runs the CLI, kernel,
# flush-denormal and oneDNN tests, the synthetic smoke run and one notebook.
# Fails if any part failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-debian.sh --with-notebooks --with-browser
. scripts/launcher.sh
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
dpfah_malloc_env
JDK17="${JDK17:-/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture 2>/dev/null || echo amd64)}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -x "$JDK17/bin/java" ]; then
  export JAVA_HOME="$JDK17" PATH="$JDK17/bin:$PATH"
fi
echo "== JDK $(dpfah_java_feature) ($(command -v java))"
echo "== build"
mvn -B -q package -DskipTests
echo "== Slurm job array on a single-node cluster (scripts/slurm-test.sh)"
bash scripts/slurm-test.sh
echo "== notebooks (headless)"
notebooks=0
bash notebooks/run-notebooks.sh || notebooks=$?
echo "== tests"
mvn -B test -DexcludedGroups=slow
if [ "$notebooks" -ne 0 ]; then
  echo "notebooks: at least one cell failed (see NotebookOutputsTest above and target/notebooks/)" >&2
  exit "$notebooks"
fi

# The CLI, kernel, flush-denormal and oneDNN tests, the synthetic smoke run and one notebook on
# JDK $1 at $2 (a subshell: JAVA_HOME and PATH changes stay inside).
other_jdk() (
  v="$1"
  export JAVA_HOME="$2" PATH="$2/bin:$PATH"
  if [ "$v" -ge 24 ]; then
    # Maven 3.8's own Guava calls sun.misc.Unsafe, which JDK 24+ warns about (Maven's issue).
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  echo "== JDK $v ($2): build, synthetic smoke run"
  rm -rf "target/ci-jdk$v"
  ./dpfah run experiments/synthetic-smoke.yaml --out "target/ci-jdk$v" >"target/ci-jdk$v.log" 2>&1 \
    || { cat "target/ci-jdk$v.log"; echo "JDK $v: the smoke run failed" >&2; exit 1; }
  grep -h '"flush_denormal"' "target/ci-jdk$v"/synthetic-smoke/*/metrics.json
  tail -1 "target/ci-jdk$v.log"
  echo "== JDK $v: CLI, kernel, flush-denormal and oneDNN tests"
  mvn -B -q test -DexcludedGroups=slow -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='io.dpfah.cli.*Test,CodeEvaluatorTest,FlushDenormalTest,OneDnnTest'
  echo "== JDK $v: notebook 00-kernel-check"
  NOTEBOOK_OUT="$PWD/target/notebooks-jdk$v" bash notebooks/run-notebooks.sh notebooks/00-kernel-check.ipynb
  grep -q "\"version\": \"$v" "target/notebooks-jdk$v/00-kernel-check.ipynb" \
    || { echo "JDK $v: the notebook did not run on JDK $v" >&2; exit 1; }
  echo "== JDK $v: OK"
)

# JDK 21: $JDK21, else a system JDK 21, else (Debian 12 has none) Debian 13's OpenJDK 21 under its
# own glibc, made by scripts/jdk21-trixie.sh (downloads about 130 MB, installs nothing).
JDK21="${JDK21:-}"
if [ -z "$JDK21" ]; then
  for home in /usr/lib/jvm/java-21-openjdk-* /usr/lib/jvm/temurin-21-jdk-*; do
    [ -x "$home/bin/java" ] && { JDK21="$home"; break; }
  done
fi
if [ -z "$JDK21" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null \
    && sh scripts/jdk21-trixie.sh /opt/dpfah-jdk21; then
  JDK21=/opt/dpfah-jdk21
fi
if [ -n "$JDK21" ] && [ -x "$JDK21/bin/java" ]; then
  other_jdk 21 "$JDK21"
else
  echo "== JDK 21: NOT TESTED: no JDK 21 found (set JDK21=/path/to/jdk-21)"
fi
if [ -x "$JDK25/bin/java" ]; then
  other_jdk 25 "$JDK25"
else
  echo "== JDK 25: NOT TESTED: no JDK at $JDK25 (set JDK25=/path/to/jdk-25 to test one elsewhere)"
fi
