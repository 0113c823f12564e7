#!/usr/bin/env sh
# Makes sure the emulator's Python has moto 5.2.1 with its server extras. Uses python3 when it
# already has them; otherwise creates a project-local virtual environment (.venv at the repository
# or project root) and installs the pinned version there. One line and exit 1 when neither works.
set -eu
MOTO_VERSION=5.2.1
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$root/scripts/emulator/emrflow_emulator.py" ] || root=$(cd "$(dirname "$0")/.." && pwd)
check='import moto, moto.server, flask; assert moto.__version__.startswith("5.")'

if [ -n "${EMRFLOW_PYTHON:-}" ] && "$EMRFLOW_PYTHON" -c "$check" 2>/dev/null; then exit 0; fi
if [ -x "$root/.venv/bin/python" ] && "$root/.venv/bin/python" -c "$check" 2>/dev/null; then exit 0; fi
if command -v python3 >/dev/null 2>&1 && python3 -c "$check" 2>/dev/null; then exit 0; fi

if ! command -v python3 >/dev/null 2>&1; then
  echo "emulator: python3 is missing: install Python 3.9+ (the AWS emulator, moto, runs on it)" >&2
  exit 1
fi
echo "emulator: moto is not importable; installing moto[server]==$MOTO_VERSION into $root/.venv ..." >&2
if python3 -m venv "$root/.venv" >/dev/null 2>&1 \
   && "$root/.venv/bin/python" -m pip install --quiet "moto[server]==$MOTO_VERSION" >/dev/null 2>&1 \
   && "$root/.venv/bin/python" -c "$check" 2>/dev/null; then
  exit 0
fi
echo "emulator: could not install moto[server]==$MOTO_VERSION (no Python package index reachable?): run \`pip install 'moto[server]==$MOTO_VERSION'\` and try again" >&2
exit 1
