#!/usr/bin/env bash
# The project's test command (npm test): type-check, lint, then the whole suite on SQLite and on PostgreSQL.
# Without a PostgreSQL server it still passes on SQLite and says so, unless REQUIRE_POSTGRES=1 (CI sets it).
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)' || {
  echo "Node $(node -v) is too old: this project needs Node 22.12 or newer (see README, 'Set up')." >&2
  exit 1
}

mkdir -p var/test
echo "== type-check"; npx tsc --noEmit -p .
echo "== lint"; npx eslint . --max-warnings 0
echo "== PostgreSQL schema is generated from prisma/schema.prisma"; npx tsx scripts/db-schema.ts --check

run_suite() {
  local db=$1; shift
  echo "== tests on $db"
  TEST_DB=$db npx vitest run --reporter=default --reporter=json --outputFile="var/test/results-$db.json" "$@"
}

run_suite sqlite

postgres_url=${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/postgres}
if node -e '
  const pg = require("pg"); const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
  c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));' "$postgres_url"; then
  # Only the suites that touch the database run again; the pure unit tests do not depend on it.
  run_suite postgres tests/integration tests/e2e
else
  if [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "PostgreSQL does not answer at $postgres_url and REQUIRE_POSTGRES=1: failing." >&2
    exit 1
  fi
  echo "SKIPPED the PostgreSQL run: no PostgreSQL server answers at $postgres_url (set TEST_POSTGRES_URL to run it)."
fi

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of fs.readdirSync("var/test").filter((n) => /^results-.*\.json$/.test(n))) {
    const r = JSON.parse(fs.readFileSync("var/test/" + f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
    fs.rmSync("var/test/" + f);
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed ? 1 : 0);'
