#!/bin/sh
# Installs the lint tools into scripts/lint/node_modules with `npm ci`, but only when they are
# missing or package-lock.json changed since the last install: Maven runs this on every build
# (process-test-resources), and an up-to-date install must cost nothing and need no network.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
stamp="$here/node_modules/.emrflow-package-lock.json"

if [ -d "$here/node_modules" ] && cmp -s "$here/package-lock.json" "$stamp"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "[ERROR] emrflow lint: npm is not on the PATH: install Node.js 18+ with npm (Debian/Ubuntu: apt-get install nodejs npm), then build again" >&2
  exit 1
fi
echo "emrflow lint: installing the pinned lint tools (npm ci --prefix $here)"
npm ci --prefix "$here" --no-audit --no-fund --ignore-scripts
cp "$here/package-lock.json" "$stamp"
