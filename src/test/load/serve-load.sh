#!/usr/bin/env bash
# Load on `signet serve` from another process (wrk), every answer checked, against the in-process
# verify throughput measured in the same run (BENCHMARKS.md, "Gateway").
#
# Usage: src/test/load/serve-load.sh [SECONDS] [CONNECTIONS]   (defaults: 30 s, 32 connections)
# Needs target/signet.jar (mvn -q package -DskipTests) and wrk (apt-get install wrk).
#
#   in-process: VerifyThroughput.java, one thread per core, 200 distinct valid tokens, no cache
#   cached:     serve --cache 10000, wrk cycling through the 200 tokens -> every answer 200 + X-Signet-Subject: alice
#   uncached:   serve --cache 0, the same
#   tampered:   serve --cache 0, the 200 tokens each with one character changed -> every answer 401
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

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1)"
# Compiled first: run as a single-file source program it measured a third of this.
javac -d "$work/classes" -cp "$jar" src/test/load/VerifyThroughput.java
inproc=$(java -cp "$work/classes:$jar" VerifyThroughput "$work/verifier.json" "$work/valid.txt" "$(nproc)" "$seconds")
echo "$inproc"
inproc_rate=$(echo "$inproc" | sed -n 's/.*threads, \([0-9]*\) verifications.*/\1/p')

run() {
  local name=$1 cache=$2 tokens=$3 status=$4
  java -jar "$jar" serve --keyset "$work/verifier.json" --revocations "$work/revocations.log" \
    --listen 127.0.0.1:0 --cache "$cache" >"$work/serve.log" 2>&1 &
  pid=$!
  local port=
  for _ in $(seq 1 300); do
    port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/auth.*#\1#p' "$work/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/serve.log" >&2; exit 3; }
  # Warm-up (JIT), not counted.
  TOKENS="$work/$tokens" EXPECT_STATUS=$status wrk -t1 -c8 -d5s -s "$lua" "http://127.0.0.1:$port/auth" >/dev/null
  TOKENS="$work/$tokens" EXPECT_STATUS=$status EXPECT_SUBJECT=alice \
    wrk -t1 -c"$conns" -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port/auth" >"$work/$name.out"
  local rate p50 p99 checked
  rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/$name.out")
  p50=$(awk '$1 == "50%" { print $2 }' "$work/$name.out")
  p99=$(awk '$1 == "99%" { print $2 }' "$work/$name.out")
  checked=$(grep checked "$work/$name.out")
  printf '%-9s --cache %-5s %9.0f req/s  p50 %-8s p99 %-8s ratio to in-process %.2f  (%s)\n' \
    "$name" "$cache" "$rate" "$p50" "$p99" "$(echo "$rate / $inproc_rate" | bc -l)" "$checked"
  grep -E "Socket errors|Non-2xx" "$work/$name.out" || true
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
}

run cached 10000 valid.txt 200
run uncached 0 valid.txt 200
run tampered 0 tampered.txt 401
