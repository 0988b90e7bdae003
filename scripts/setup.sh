#!/usr/bin/env bash
# Installs what codetrace needs from Debian's packages (as root, when something is missing) and
# builds it. `--tests` also installs what the test suite needs besides: python3-venv (a virtual
# environment test), Chromium (the report's browser test) and Graphviz (rendering DOT output).
# Environment:
#   PYTHON=/path/to/python3.X  embed another CPython >= 3.9 with a shared libpython (default: /usr/bin/python3)
#   BUILD_DIR=dir              where to build (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(g++ make cmake git pkg-config python3-dev libboost-program-options-dev nlohmann-json3-dev
          libunwind-dev zlib1g-dev catch2)
if [ "${1:-}" = "--tests" ]; then packages+=(python3-venv chromium graphviz); fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "codetrace setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "codetrace setup: run as root (or install: ${missing[*]})" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
build_dir=${BUILD_DIR:-build}
python_flag=()
[ -n "${PYTHON:-}" ] && python_flag=(-DPython3_EXECUTABLE="$PYTHON")
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${python_flag[@]}" >/dev/null
cmake --build "$build_dir" -j 2
echo "codetrace setup: built $build_dir/codetrace ($("$build_dir/codetrace" --version))"
