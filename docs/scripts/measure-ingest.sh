#!/usr/bin/env bash
# Ingest benchmark against the all-in-one host (every module installed), with CPU accounting.
# Usage, from the repository root after `dotnet build -c Release src/RetailCommerce.Web src/RetailCommerce.Cli`:
#   docs/scripts/measure-ingest.sh            # as the machine is
#   QUIET=1 docs/scripts/measure-ingest.sh    # pause (SIGSTOP) other dotnet/PostgreSQL/browser processes meanwhile
# Prints the benchmark's lines, then host and PostgreSQL CPU seconds during ingest and until the async projections
# caught up. Extra arguments are environment assignments for the host, e.g. Retail__Events__DaemonMode=Disabled.
set -u
repo=$(pwd)
data=$(mktemp -d); port=$((5300 + RANDOM % 500)); token=bench-admin-token-123
env "$@" Retail__DataDir=$data Retail__Bootstrap__AdminToken=$token Retail__Bootstrap__DemoStore=true Retail__Bootstrap__DemoData=false \
  dotnet $repo/src/RetailCommerce.Web/bin/Release/net10.0/RetailCommerce.Web.dll --urls http://127.0.0.1:$port > $data/host.log 2>&1 &
hostpid=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 1; done
pm=$(head -1 $data/postgres/postmaster.pid); pgport=$(sed -n 4p $data/postgres/postmaster.pid)
export PGPASSWORD=$(cat $data/postgres.password)
sql() { psql -h 127.0.0.1 -p $pgport -U postgres -d retail -tAc "$1"; }
cpu() { # clock ticks: host utime+stime; PostgreSQL = postmaster incl. reaped children + live backends
  local h p
  h=$(awk '{print $14+$15}' /proc/$hostpid/stat)
  p=$(awk '{print $14+$15+$16+$17}' /proc/$pm/stat)
  for c in $(pgrep -P $pm); do p=$((p + $(awk '{print $14+$15}' /proc/$c/stat 2>/dev/null || echo 0))); done
  echo "$h $p"
}
stopped=()
resume() { for p in "${stopped[@]}"; do kill -CONT $p 2>/dev/null; done; stopped=(); }
trap 'resume; kill -TERM $hostpid 2>/dev/null' EXIT
if [ "${QUIET:-0}" = 1 ]; then
  keep=" $hostpid $pm $(pgrep -P $pm | tr '\n' ' ') $$ "
  for p in $(pgrep -f "dotnet|postgres|chromium|node|VBCSCompiler|MSBuild|testhost|RetailCommerce|playwright"); do
    [[ "$keep" == *" $p "* ]] || { kill -STOP $p 2>/dev/null && stopped+=($p); }
  done
  sleep 3
fi
sleep 5
read -r h0 p0 < <(cpu); uptime
dotnet $repo/src/RetailCommerce.Cli/bin/Release/net10.0/retail.dll bench ingest --url http://127.0.0.1:$port --token $token \
  --store bench100k --events 100000 --batch 500 --concurrency 4
read -r h1 p1 < <(cpu); t1=$(date +%s.%N)
for _ in $(seq 1 300); do
  lag=$(sql "select (select max(seq_id) from retail.mt_events) - min(last_seq_id) from retail.mt_event_progression where name not like 'HighWater%'")
  [ "${lag:-1}" -le 0 ] 2>/dev/null && break; sleep 1
done
read -r h2 p2 < <(cpu); t2=$(date +%s.%N)
resume
echo "cpu_seconds_during_ingest host=$(( (h1-h0)/100 )) postgres=$(( (p1-p0)/100 ))"
echo "cpu_seconds_until_projections_caught_up host=$(( (h2-h0)/100 )) postgres=$(( (p2-p0)/100 )) catch_up_after_run_s=$(echo "$t2-$t1" | bc)"
