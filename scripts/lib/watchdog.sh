# Sourced by scripts/test. `watchdog SECONDS COMMAND...` runs COMMAND, its output shown as it
# comes and kept. If COMMAND is still running after SECONDS, the watchdog prints what was under
# way (the Swift tests that started and did not end, the processes, the test databases'
# sessions), kills COMMAND's whole process tree and returns 124: a hung test ends the run with
# a diagnosis well inside CI's time limit, instead of being cut off silently at that limit.

watchdog_report() {
    local limit=$1 session=$2 log=$3 command=$4
    echo
    echo "== watchdog: '$command' still running after $limit s; what was under way:"
    echo "-- tests started and not ended:"
    comm -23 \
        <(grep -oE 'Test "[^"]*" started' "$log" | sed -E 's/ started$//' | sort -u) \
        <(grep -oE 'Test "[^"]*"( with [0-9]+ test cases?)? (passed|failed)' "$log" | sed -E 's/( with [0-9]+ test cases?)? (passed|failed)$//' | sort -u)
    echo "-- processes:"
    ps -o pid,ppid,stat,etime,args --sid "$session" 2> /dev/null | cut -c1-220
    local pidfile port
    for pidfile in "${TMPDIR:-/tmp}"/switchyard-pg-*/data/postmaster.pid; do
        [ -f "$pidfile" ] || continue
        kill -0 "$(sed -n 1p "$pidfile")" 2> /dev/null || continue
        port=$(sed -n 4p "$pidfile")
        echo "-- sessions of the test database on port $port:"
        psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc \
            "SELECT pid, application_name, state, wait_event_type, wait_event, pg_blocking_pids(pid), left(query, 100)
             FROM pg_stat_activity WHERE datname IS NOT NULL AND pid <> pg_backend_pid()" 2>&1 | head -60
    done
}

watchdog() {
    local limit=$1
    shift
    local log expired
    log=$(mktemp -t switchyard-test-XXXXXX.log)
    expired="$log.expired"
    # A session of its own (setsid), so the whole tree (test runner, hosts, plugins) can be found and stopped.
    setsid "$@" > >(tee "$log") 2>&1 &
    local pid=$!
    (
        sleep "$limit" || exit 0
        touch "$expired"
        watchdog_report "$limit" "$pid" "$log" "$*" >&2
        # The whole session (what a test started in a group of its own too), else the group.
        pkill -KILL -s "$pid" 2> /dev/null || kill -KILL -- "-$pid" 2> /dev/null || true
    ) &
    local timer=$!
    local status=0
    wait "$pid" || status=$?
    pkill -P "$timer" 2> /dev/null || true
    kill "$timer" 2> /dev/null || true
    wait "$timer" 2> /dev/null || true
    if [ -e "$expired" ]; then status=124; fi
    rm -f "$log" "$expired"
    return "$status"
}
