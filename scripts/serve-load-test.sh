#!/usr/bin/env bash
# Load test of `silkrisk serve` on 127.0.0.1 with wrk (Debian: apt-get install -y wrk); it stops
# by itself in under a minute. Client and service share the machine's cores.
#
#   1. single dossiers: POST /v1/assessments for SECONDS seconds, the rules left alone;
#   2. the same while the rules are edited once a second, flipping one rule's points between
#      8 and 2; wrk's script (scripts/serve-load.lua) checks every answer: status 200, the
#      header's rule-set hash equal to the body's, and the score the command line gives the
#      dossier under that rule set.
#
# Usage: scripts/serve-load-test.sh [CONNECTIONS] [SECONDS]      (defaults: 16 and 15)
set -euo pipefail
cd "$(dirname "$0")/.."

connections=${1:-16}
seconds=${2:-15}
port=${PORT:-18181}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }

swift build -c release --product silkrisk >/dev/null
binary=$PWD/.build/release/silkrisk
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A copy of the rules to edit, and the two versions of one rule.
cp -R Rules "$work/rules"
rules=$work/rules
rule_file=$rules/market-access.rules
dossier=$PWD/Inputs/cr929-widebody.xml
set_points() { perl -0pi -e "s/  points \d+\n  when marketAccess\.partnerMarket ==/  points $1\n  when marketAccess.partnerMarket ==/" "$rule_file"; }

# What the command line says: the rule set's hash and the dossier's score, for each version.
expected() {
  local out
  out=$("$binary" score --format json --rules "$rules" "$dossier")
  printf '%s %s' "$(grep -o '"sha256": "[0-9a-f]*"' <<<"$out" | head -1 | cut -d'"' -f4)" \
    "$(grep -m1 -o '"score": [0-9.-]*' <<<"$out" | cut -d' ' -f2)"
}
set_points 2
read -r hash_b score_b <<<"$(expected)"
set_points 8
read -r hash_a score_a <<<"$(expected)"
echo "rules A: sha256 $hash_a, score $score_a; rules B: sha256 $hash_b, score $score_b"

"$binary" serve --rules "$rules" --port "$port" --watch-interval 0.2 --log-level warning 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
load() {
  wrk -t2 -c"$connections" -d"$1"s --latency -s scripts/serve-load.lua "http://127.0.0.1:$port/v1/assessments" -- \
    "$dossier" "$hash_a" "$score_a" "$hash_b" "$score_b"
}
load 3 >/dev/null  # warm-up

echo "== single dossiers, $connections connections, ${seconds}s"
load "$seconds"

echo "== the same, with one rule reload per second"
(
  for i in $(seq 1 "$seconds"); do
    if [ $((i % 2)) -eq 1 ]; then set_points 2; else set_points 8; fi
    sleep 1
  done
) &
editor=$!
load "$seconds"
wait "$editor"
sleep 1
status=$(curl -fs "http://127.0.0.1:$port/v1/rules/status")
echo "reloads during the run: $(grep -o '"accepted" : [0-9]*' <<<"$status" | grep -o '[0-9]*$') accepted," \
  "$(grep -o '"refused" : [0-9]*' <<<"$status" | grep -o '[0-9]*$') refused"

kill -TERM "$server"
wait "$server" && echo "service stopped on SIGTERM: exit 0" || echo "service exit status $?"
server=
if grep -q "error" "$work/serve.log"; then
  echo "service log:"
  cat "$work/serve.log"
fi
