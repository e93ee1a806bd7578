#!/bin/bash
# measure-peers.sh JAR N "JVM FLAGS": starts N `run` processes of JAR on loopback, and 10 s after all of
# them show an established leader prints each one's RSS, thread count and loaded classes, and the cold start
# (launch to all established, polled every 50 ms). Every process it starts, it stops.
# Environment: SCRAPE=1 reads /metrics and /status of every peer first (Prometheus' JVM metrics register at
# the first scrape); THREADS=1 lists peer 1's threads by name; NMT=1 prints peer 1's native memory summary
# (add -XX:NativeMemoryTracking=summary to the flags); MALLOC_ARENA_MAX as the launcher sets it.
# The figures in the README's server section came from it; the machine's load average goes with them.
set -u
JAR=$1; N=$2; FLAGS=$3
. "$(dirname "$0")/peers.sh"
write_configs "$N" 500
trap stop_peers EXIT
t0=$(date +%s%N)
# shellcheck disable=SC2086 # FLAGS holds several options
for i in $(seq 1 "$N"); do java $FLAGS -jar "$JAR" run --config "$D/z$i.cfg" > "$D/log$i" 2>&1 & echo $! > "$D/pid$i"; done
est=""
for _ in $(seq 1 600); do
  ok=0; for i in $(seq 1 "$N"); do curl -s -m 1 "127.0.0.1:$((B+100+i))/leader" | grep -q '"established" *: *true' && ok=$((ok+1)); done
  if [ "$ok" -eq "$N" ]; then est=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi; sleep 0.05
done
if [ -n "${SCRAPE:-}" ]; then
  for i in $(seq 1 "$N"); do curl -s "127.0.0.1:$((B+100+i))/metrics" > /dev/null; curl -s "127.0.0.1:$((B+100+i))/status" > /dev/null; done
fi
sleep 10
if [ -n "${NMT:-}" ]; then jcmd "$(cat "$D/pid1")" VM.native_memory summary | grep -E '^-|Total:' | head -24; fi
for i in $(seq 1 "$N"); do
  p=$(cat "$D/pid$i")
  echo "peer $i: $(grep -E 'VmRSS|Threads' "/proc/$p/status" | tr -s ' \t' ' ' | tr '\n' ' ') classes $(jstat -class "$p" | awk 'NR==2{print $1}')"
done
if [ -n "${THREADS:-}" ]; then
  jcmd "$(cat "$D/pid1")" Thread.print | grep '^"' | sed 's/" .*//;s/^"//;s/[0-9]*$/#/' | sort | uniq -c
fi
echo "cold start to all established: ${est:-never} ms; load average $(cut -d' ' -f1-3 /proc/loadavg)"
