#!/usr/bin/env bash
# Regenerates the diagrams and tables beside how-election-works.md from the committed traces.
#
# The traces come from real runs of the server jar on loopback (build it first:
#   mvn -B -ntp -q package -DskipTests):
#   java -jar server/target/ballot-server.jar local --nodes 3 --run-for 3s --trace start.jsonl
#   java -jar server/target/ballot-server.jar local --nodes 3 --kill-leader-every 4s --run-for 6500ms --trace leader-dies.jsonl
# A new run has other timings: adjust --from-ms below to where its leader stops.
set -euo pipefail
cd "$(dirname "$0")"
JAR=../../server/target/ballot-server.jar
trace() { java -jar "$JAR" trace "$@"; }
CONN=connection_opened,connection_dropped,connection_closed

for f in mermaid svg; do
  ext=$([ "$f" = mermaid ] && echo mmd || echo svg)
  trace render start.jsonl --format "$f" --out "start.$ext"
  trace render start.jsonl --format "$f" --types "$CONN" --out "connections.$ext"
  trace render leader-dies.jsonl --format "$f" --from-ms 5600 --out "leader-dies.$ext"
done
trace render start.jsonl --format summary --out start.summary.md
trace render leader-dies.jsonl --format summary --out leader-dies.summary.md
