#!/usr/bin/env bash
# Runs the server of an unmodified Apache ZooKeeper 3.9.5 installation on Ballot's election
# (ballot-zookeeper-plugin.jar in $ZOOKEEPER_HOME/lib), in the foreground, as ZooKeeper's
# "zkServer.sh start-foreground" does.
#
#   ZOOKEEPER_HOME=/opt/zookeeper ballot-zkServer.sh [path/to/zoo.cfg]
#
# Environment: ZOOKEEPER_HOME (default: the parent of this script's folder), JAVA (default: java on PATH,
# or $JAVA_HOME/bin/java), SERVER_JVMFLAGS (extra JVM options), ZOO_LOG_DIR (default $ZOOKEEPER_HOME/logs).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ZOOKEEPER_HOME="${ZOOKEEPER_HOME:-$(dirname "$here")}"
cfg="${1:-$ZOOKEEPER_HOME/conf/zoo.cfg}"

if [[ ! -f "$ZOOKEEPER_HOME/lib/ballot-zookeeper-plugin.jar" ]]; then
  echo "ballot-zkServer.sh: $ZOOKEEPER_HOME/lib/ballot-zookeeper-plugin.jar not found:" \
       "copy zookeeper/target/ballot-zookeeper-plugin.jar into the lib/ of your ZooKeeper 3.9.5 installation" >&2
  exit 2
fi
if [[ ! -f "$cfg" ]]; then
  echo "ballot-zkServer.sh: $cfg not found (usage: ballot-zkServer.sh [zoo.cfg])" >&2
  exit 2
fi
if [[ -n "${JAVA:-}" ]]; then
  java="$JAVA"
elif [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java=java
fi
log_dir="${ZOO_LOG_DIR:-$ZOOKEEPER_HOME/logs}"

# shellcheck disable=SC2086 # SERVER_JVMFLAGS is a list of options
exec "$java" -Dzookeeper.log.dir="$log_dir" -Dzookeeper.log.file="zookeeper-ballot-server-$(hostname).log" \
  ${SERVER_JVMFLAGS:-} -cp "$ZOOKEEPER_HOME/lib/*:$ZOOKEEPER_HOME/conf" \
  dev.ballot.zookeeper.BallotQuorumPeerMain "$cfg"
