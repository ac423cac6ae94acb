#!/bin/sh
# Reruns every benchmark of BENCHMARKS.md (about 9 minutes on 2 cores) and writes
# target/bench-results/results.md. Extra arguments go to JMH, e.g. a regex to run a subset:
#   src/jmh/run.sh 'VerifyBenchmark'
set -eu
cd "$(dirname "$0")/../.."
mvn -B -ntp -q -Pbench -DskipTests package
mkdir -p target/bench-results
{ echo "start: $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"; } > target/bench-results/machine.txt
java -jar target/benchmarks.jar -prof gc -prof dev.signet.bench.CpuTimeProfiler \
  -rf json -rff target/bench-results/jmh.json "$@" | tee target/bench-results/jmh.log
{
  echo "end: $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores visible"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
} >> target/bench-results/machine.txt
if [ $# -eq 0 ]; then
  java -cp target/benchmarks.jar dev.signet.bench.Report target/bench-results/jmh.json > target/bench-results/results.md
  echo "tables: target/bench-results/results.md"
fi
