#!/usr/bin/env bash
# The test command (README): builds everything warning-free, checks the house style, runs every
# test project and ends with one line `tests: N passed, N failed, N skipped`. Exit code: dotnet test's.
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
bash scripts/install-chromium.sh || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
# The database tests' server: installed and started here (idempotent), found by the tests in
# EMITTER_TEST_PGVECTOR. If it cannot start, those tests fail and say how to start it.
if pgvector=$(bash scripts/pgvector-up.sh); then
  export EMITTER_TEST_PGVECTOR="$pgvector"
else
  echo "pgvector: could not start PostgreSQL with pgvector; the database tests will fail" >&2
fi

dotnet build Emitter.sln -c Release -warnaserror -nologo -v quiet || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
# House style (.editorconfig) after the build, whose generated sources it reads, before the tests.
bash scripts/check-format.sh || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet test --solution Emitter.sln -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform prints "total/failed/succeeded/skipped" after the run.
count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
