#!/usr/bin/env bash
# Installs what dpfah needs on a fresh Debian 12 machine (idempotent): JDK 17, Maven,
# Fashion-MNIST, and (--with-notebooks, which scripts/test.sh uses) Jupyter's headless notebook
# runner plus Debian's torchvision for the backbone parity test. Uses sudo when not root.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
need=()
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
if [ "${1:-}" = "--with-notebooks" ]; then
  command -v jupyter-nbconvert >/dev/null || need+=(jupyter-nbconvert python3-nbclient jupyter-client python3-nbformat)
  /usr/bin/python3 -c "import torchvision, numpy" 2>/dev/null || need+=(python3-torchvision python3-numpy)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
