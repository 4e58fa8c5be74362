#!/usr/bin/env bash
# Stops the nodes that cluster/start.sh started from a state directory:
# SIGTERM (a node closes its indices and leaves), then SIGKILL for any
# still alive after NEWSIDX_CLUSTER_STOP_WAIT seconds (default 30). Only
# PIDs recorded in STATE_DIR/node-*.pid that are still our node JVMs are
# signalled. Data and logs stay in STATE_DIR for a look afterwards.
#
# usage: cluster/stop.sh [STATE_DIR]        (default: target/cluster)
set -uo pipefail

state=${1:-target/cluster}
wait=${NEWSIDX_CLUSTER_STOP_WAIT:-30}
[[ -d $state ]] || { echo "cluster: nothing to stop: no $state" >&2; exit 0; }

is_our_node() {
    [[ -n "$1" && -r /proc/$1/cmdline ]] && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q 'newsidx.cluster.NodeMain'
}

pids=()
for pidfile in "$state"/node-*.pid; do
    [[ -e $pidfile ]] || continue
    pid=$(cat "$pidfile")
    if is_our_node "$pid"; then
        kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    fi
    rm -f "$pidfile"
done
if ((${#pids[@]} == 0)); then
    echo "cluster: no node running from $state" >&2
    exit 0
fi

deadline=$(($(date +%s) + wait))
for pid in "${pids[@]}"; do
    while is_our_node "$pid" && (($(date +%s) < deadline)); do sleep 0.2; done
    if is_our_node "$pid"; then
        echo "cluster: pid $pid did not stop in ${wait}s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null
    fi
done
echo "cluster: stopped ${#pids[@]} node(s) from $state" >&2
