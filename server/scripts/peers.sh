# peers.sh: sourced by measure-peers.sh and cold-and-failover.sh. write_configs N TICK_MS: a temp folder $D
# with N peers' zoo.cfg (z<i>.cfg, data in d<i>) on loopback ports from $B; stop_peers: SIGTERM, then
# SIGKILL, of every peer started with its pid in $D/pid<i>, and removes $D.
write_configs() {
  D=$(mktemp -d); B=$((20000 + RANDOM % 10000)) # below the ephemeral port range, so no outgoing connection holds one
  for i in $(seq 1 "$1"); do
    mkdir -p "$D/d$i"; echo "$i" > "$D/d$i/myid"
    { echo "tickTime=$2"; echo "initLimit=10"; echo "syncLimit=5"; echo "dataDir=$D/d$i"
      echo "admin.serverAddress=127.0.0.1"; echo "admin.serverPort=$((B+100+i))"
      echo "clientPort=$((B+200+i))"; echo "clientPortAddress=127.0.0.1" # ZooKeeper's; Ballot ignores them, saying so
      for j in $(seq 1 "$1"); do echo "server.$j=127.0.0.1:$((B+2*j)):$((B+2*j+1))"; done; } > "$D/z$i.cfg"
  done
}
stop_peers() {
  for f in "$D"/pid*; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; sleep 1
  for f in "$D"/pid*; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done; rm -rf "$D"
}
