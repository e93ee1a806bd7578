#!/bin/bash
# cold-and-failover.sh JAR N "JVM FLAGS" [zk]: starts N peers on loopback (tickTime 2000, initLimit 10,
# syncLimit 5) and prints one line: cold start (launch of all N -> one established leader, the others
# following it), kill -9 of that leader -> the survivors established under a new one, RSS and threads per
# process 3 s after the cold start. Peers are polled every ~10 ms (/leader; for ZooKeeper, `srvr` on the
# client port). With "zk", JAR is a class path holding ZooKeeper 3.9.5's QuorumPeerMain and its dependencies
# (bench/target/ballot-bench.jar does). Every process it starts, it stops.
set -u
JAR=$1; N=$2; FLAGS=$3; SYS=${4:-ballot}
. "$(dirname "$0")/peers.sh"
write_configs "$N" 2000
trap stop_peers EXIT
role_of() { # L<sid> for an established leader, F for an established follower, else nothing
  if [ "$SYS" = zk ]; then
    m=$( { exec 3<>"/dev/tcp/127.0.0.1/$((B+200+$1))" && echo srvr >&3 && timeout 1 cat <&3; } 2>/dev/null | sed -n 's/^Mode: //p')
    case "$m" in leader) echo "L$1";; follower) echo F;; esac
  else
    l=$(curl -s -m 1 "127.0.0.1:$((B+100+$1))/leader" | tr -d ' \n' | sed -n 's/.*"leader":\([0-9]*\),.*"established":true.*/\1/p')
    if [ "$l" = "$1" ]; then echo "L$1"; elif [ -n "$l" ]; then echo F; fi
  fi
}
await() { # await EXCLUDED: one leader (not EXCLUDED) among the others, all others following; prints its sid or "none"
  for _ in $(seq 1 1500); do
    lead=""; ok=1
    for i in $(seq 1 "$N"); do
      [ "$i" = "$1" ] && continue
      kill -0 "$(cat "$D/pid$i")" 2>/dev/null || { echo none; return; }
      r=$(role_of "$i")
      case "$r" in L*) [ -n "$lead" ] && ok=0; lead=${r#L};; F) ;; *) ok=0;; esac
      [ $ok = 0 ] && break
    done
    if [ $ok = 1 ] && [ -n "$lead" ]; then echo "$lead"; return; fi
    sleep 0.01
  done
  echo none
}
t0=$(date +%s%3N)
for i in $(seq 1 "$N"); do
  # shellcheck disable=SC2086 # FLAGS holds several options
  if [ "$SYS" = zk ]; then
    java $FLAGS -Dzookeeper.4lw.commands.whitelist=srvr -cp "$JAR" org.apache.zookeeper.server.quorum.QuorumPeerMain "$D/z$i.cfg" > "$D/log$i" 2>&1 &
  else
    java $FLAGS -jar "$JAR" run --config "$D/z$i.cfg" > "$D/log$i" 2>&1 &
  fi
  echo $! > "$D/pid$i"
done
L=$(await 0); t1=$(date +%s%3N)
if [ "$L" = none ]; then
  echo "$SYS N=$N: no established leader; logs:"; for i in $(seq 1 "$N"); do echo "--- peer $i"; tail -5 "$D/log$i"; done; exit 1
fi
sleep 3
rss=""; th=""
for i in $(seq 1 "$N"); do
  p=$(cat "$D/pid$i"); rss="$rss $(( $(awk '/VmRSS/{print $2}' "/proc/$p/status") / 1024 ))"; th="$th $(awk '/Threads/{print $2}' "/proc/$p/status")"
done
t2=$(date +%s%3N); kill -9 "$(cat "$D/pid$L")"; L2=$(await "$L"); t3=$(date +%s%3N)
echo "$SYS N=$N cold $((t1-t0)) ms (leader $L), failover $((t3-t2)) ms (leader $L2); RSS MiB:$rss; threads:$th; load $(cut -d' ' -f1 /proc/loadavg)"
