#!/usr/bin/env bash
# Installs what dpfah needs on a fresh Debian 12 machine (idempotent): a JDK 17 or newer (Debian's
# openjdk-17-jdk-headless unless one is already first on PATH), Maven, Fashion-MNIST, and
# (--with-notebooks, which scripts/test.sh uses) Jupyter's headless notebook runner plus Debian's
# torchvision for the backbone parity test; --with-browser (scripts/test.sh too) adds Debian's
# chromium for the report's browser test, and says so, without failing, when it cannot.
# Uses sudo when not root.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# Feature release of the JDK whose javac is first on PATH (0 if none): 11 for "javac 11.0.2", ...
jdk_feature() {
  local v
  v=$(javac -version 2>&1 | sed -n 's/^javac \([0-9][0-9]*\).*/\1/p' | head -1) || true
  echo "${v:-0}"
}
need=()
[ "$(jdk_feature)" -ge 17 ] || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
notebooks=0
browser=0
for arg in "$@"; do
  case "$arg" in
    --with-notebooks) notebooks=1 ;;
    --with-browser) browser=1 ;;
    *) echo "setup: unknown option $arg (expected --with-notebooks, --with-browser)" >&2; exit 2 ;;
  esac
done
if [ "$notebooks" = 1 ]; then
  command -v jupyter-nbconvert >/dev/null || need+=(jupyter-nbconvert python3-nbclient jupyter-client python3-nbformat)
  /usr/bin/python3 -c "import torchvision, numpy" 2>/dev/null || need+=(python3-torchvision python3-numpy)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ "$browser" = 1 ] && ! command -v chromium >/dev/null; then
  echo "setup: installing chromium (for the report's browser test)" >&2
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; }; then
    echo "setup: could not install chromium: ReportBrowserTest will be skipped" >&2
  fi
fi
if [ "$(jdk_feature)" -lt 17 ]; then
  echo "setup: javac on PATH is still older than 17 ($(command -v javac || echo none)); select JDK 17 with" \
    "'sudo update-alternatives --config javac' and '... --config java', or put it first on PATH" >&2
  exit 1
fi
