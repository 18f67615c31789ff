#!/usr/bin/env bash
# The README's run command: installs PostgreSQL when missing, then starts the host. Extra arguments go to the
# host (e.g. --urls http://127.0.0.1:5000). Settings come from environment variables (see README).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  if [ -z "${ConnectionStrings__Retail:-}" ]; then
    echo "PostgreSQL binaries not found: installing (needs root)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
exec dotnet run --project src/RetailCommerce.Web -c Release -- "$@"
