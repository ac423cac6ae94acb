#!/bin/sh
# Reruns the benchmarks of BENCHMARKS.md and writes target/bench-results/.
#
#   src/jmh/run.sh                  every JMH benchmark, forked as usual (about 9 minutes on 2 cores),
#                                   tables in target/bench-results/results.md
#   src/jmh/run.sh 'VerifyBenchmark' extra arguments go to JMH, e.g. a regex to run a subset
#   src/jmh/run.sh --paired [ARGS]  the paired (interleaved) run of issue and verify: every case in one
#                                   JVM, in shuffled turns of short JMH iterations, so that load from
#                                   other work hits every case alike, in two such JVMs one after the
#                                   other (about 6 minutes with the defaults); tables in
#                                   target/bench-results/paired.md. ARGS go to
#                                   dev.signet.bench.PairedRun: --forks N (2) --rounds N per fork (8)
#                                   --warmup-rounds N (4) --slice-ms MS (800) --confidence 0.95|0.99
#                                   --only issue|verify
set -eu
cd "$(dirname "$0")/../.."
mvn -B -ntp -q -Pbench -DskipTests package
mkdir -p target/bench-results
{ echo "start: $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"; } > target/bench-results/machine.txt
machine_end() {
  {
    echo "end: $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores visible"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  } >> target/bench-results/machine.txt
}
if [ "${1:-}" = "--paired" ]; then
  shift
  java -Xms2g -Xmx2g -cp target/benchmarks.jar dev.signet.bench.PairedRun \
    --forks 2 --rounds 8 --warmup-rounds 4 --slice-ms 800 --out target/bench-results "$@" | tee target/bench-results/paired.log
  machine_end
  echo "tables: target/bench-results/paired.md"
  exit 0
fi
java -jar target/benchmarks.jar -prof gc -prof dev.signet.bench.CpuTimeProfiler \
  -e PairedBenchmark -rf json -rff target/bench-results/jmh.json "$@" | tee target/bench-results/jmh.log
machine_end
if [ $# -eq 0 ]; then
  java -cp target/benchmarks.jar dev.signet.bench.Report target/bench-results/jmh.json > target/bench-results/results.md
  echo "tables: target/bench-results/results.md"
fi
