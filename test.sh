#!/usr/bin/env bash
# The README's test command: builds the solution and runs every test project against a real PostgreSQL
# (each test host starts a private cluster from the machine's PostgreSQL binaries) and the browser tests in
# Debian's Chromium. Missing PostgreSQL or Chromium is installed first.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "PostgreSQL binaries not found: installing (needs root)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium not found: installing Debian's chromium for the browser tests (needs root)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f tests/RetailCommerce.Storefront.Tests/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found: installing Debian's npm for the storefront's accessibility tests (needs root)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  fi
  echo "Installing axe-core for the storefront's accessibility tests (npm ci)"
  (cd tests/RetailCommerce.Storefront.Tests && npm ci --no-audit --no-fund --silent)
fi
dotnet build RetailCommerce.sln -c Release -nologo -v q
set +e
dotnet test RetailCommerce.sln -c Release --no-build -nologo -v q --logger "console;verbosity=normal" 2>&1 | tee /tmp/retail-test-output.txt
status=${PIPESTATUS[0]}
set -e
# One closing line in the plain form CI reads: "N passed, N failed".
passed=$(awk '/^ +Passed: +[0-9]+/ {s+=$2} END {print s+0}' /tmp/retail-test-output.txt)
failed=$(awk '/^ +Failed: +[0-9]+/ {s+=$2} END {print s+0}' /tmp/retail-test-output.txt)
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
