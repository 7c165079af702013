#!/usr/bin/env bash
# Runs the whole test suite on the database DATABASE_URL names (SQLite when unset).
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  exit 0
fi
exit "$status"
