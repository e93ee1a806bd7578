# Ballot's --exec supervisor (POSIX sh). Started as `setsid /bin/sh -c <this> ballot-exec`, so it leads a
# session and process group of its own, which the command and everything it starts join.
#
# Its stdin is a pipe from the Ballot JVM, which never writes to it. End of file on that pipe means
# "stop": the JVM closed it because leadership was lost, or the JVM died (kill -9 included; the kernel
# closes the pipe). Then the whole group gets SIGTERM, and SIGKILL after the grace period.
# If the command exits on its own, its stragglers get SIGTERM and this script exits with its status.
cmd=$BALLOT_EXEC_COMMAND
ticks=${BALLOT_EXEC_GRACE_TICKS:-50}
unset BALLOT_EXEC_COMMAND BALLOT_EXEC_GRACE_TICKS
/bin/sh -c "$cmd" </dev/null &
child=$!
exec 3<&0 0</dev/null
trap ':' TERM
(
    trap '' TERM
    while IFS= read -r _ <&3; do :; done
    kill -TERM 0 2>/dev/null
    i=0
    while kill -0 "$child" 2>/dev/null && [ "$i" -lt "$ticks" ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -KILL 0 2>/dev/null
) &
watcher=$!
exec 3<&-
status=0
while kill -0 "$child" 2>/dev/null; do
    wait "$child"
    status=$?
done
kill -KILL "$watcher" 2>/dev/null
kill -TERM 0 2>/dev/null
exit "$status"
