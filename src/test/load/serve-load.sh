#!/usr/bin/env bash
# Load on `signet serve` from another process (wrk), every answer checked.
#
# Usage: src/test/load/serve-load.sh [SECONDS] [CONNECTIONS]   (defaults: 30 s, 32 connections)
# Needs target/signet.jar (mvn -q package -DskipTests) and wrk (apt-get install wrk).
#
# Two wrk runs at the same time for SECONDS each, against one server:
#   valid:    200 distinct valid tokens of subject alice   -> every answer must be 200 + X-Signet-Subject: alice
#   tampered: 200 distinct tokens with one character changed -> every answer must be 401
# Then the same with --cache 0 (every request runs the full cryptography).
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-30}
conns=${2:-32}
jar=target/signet.jar
lua=src/test/load/forward-auth.lua
[ -f "$jar" ] || { echo "missing $jar: run mvn -q package -DskipTests" >&2; exit 3; }
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install wrk)" >&2; exit 3; }

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

java -jar "$jar" keys init --keyset "$work/keyset.json" >/dev/null
java -jar "$jar" keys export --keyset "$work/keyset.json" --verifier "$work/verifier.json" >/dev/null
: >"$work/revocations.log"
java -cp "$jar" src/test/load/IssueTokens.java "$work/keyset.json" 200 alice >"$work/valid.txt"
# A tampered copy of each: one character near the end changed (the AES-GCM tag).
awk '{ c = substr($0, length($0) - 3, 1); r = (c == "A") ? "B" : "A"; print substr($0, 1, length($0) - 4) r substr($0, length($0) - 2) }' \
  "$work/valid.txt" >"$work/tampered.txt"

run() {
  local cache=$1
  java -jar "$jar" serve --keyset "$work/verifier.json" --revocations "$work/revocations.log" \
    --listen 127.0.0.1:0 --cache "$cache" >"$work/serve.log" 2>&1 &
  pid=$!
  local port=
  for _ in $(seq 1 100); do
    port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/auth.*#\1#p' "$work/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/serve.log" >&2; exit 3; }
  # Warm-up (JIT), not counted.
  TOKENS="$work/valid.txt" EXPECT_STATUS=200 wrk -t1 -c8 -d5s -s "$lua" "http://127.0.0.1:$port/auth" >/dev/null
  echo "== serve --cache $cache: ${seconds}s, valid and tampered tokens at once, $conns connections each"
  TOKENS="$work/valid.txt" EXPECT_STATUS=200 EXPECT_SUBJECT=alice \
    wrk -t1 -c"$conns" -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port/auth" >"$work/valid.out" &
  local w1=$!
  TOKENS="$work/tampered.txt" EXPECT_STATUS=401 \
    wrk -t1 -c"$conns" -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port/auth" >"$work/tampered.out"
  wait $w1
  for kind in valid tampered; do
    echo "-- $kind"
    grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors|checked" "$work/$kind.out"
  done
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1)"
run 10000
run 0
