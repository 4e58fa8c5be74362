#!/usr/bin/env bash
# Starts a local OpenSearch 2.19 test cluster for newsidx: N nodes (2 by
# default), each a separate JVM on loopback, from the jars on Maven Central
# (see cluster/README.md). Waits until the cluster has all its nodes and is
# green or yellow, then prints its HTTP URL on stdout (everything else goes
# to stderr), so that
#
#     url=$(cluster/start.sh) || exit 1
#
# works in scripts. Stop it with cluster/stop.sh (same state directory).
#
# usage: cluster/start.sh [STATE_DIR]       (default: target/cluster)
#
# Run again while all nodes are up, it prints the URL and leaves them; while
# only some are (a test killed one), it starts the missing ones again with
# their data and waits until they have rejoined.
#
# Environment (all optional):
#   NEWSIDX_CLUSTER_NODES      number of nodes, default 2
#   NEWSIDX_CLUSTER_HTTP_PORT  HTTP port of node 1, default 9201 (node i: +i-1)
#   NEWSIDX_CLUSTER_TRANSPORT_PORT  transport port of node 1, default 9301
#   NEWSIDX_CLUSTER_HEAP       JVM heap per node, default 512m
#   NEWSIDX_CLUSTER_TIMEOUT    seconds to wait for the cluster, default 180
#   NEWSIDX_CLUSTER_NAME       cluster.name, default newsidx-test
#   NEWSIDX_CLUSTER_KEEP_DATA  1: keep the nodes' data from a previous run
#                              (default: every start begins empty)
#   JAVA_HOME                  a Java 17+ to run the nodes (default: java on PATH)
#
# Node 1 is the only cluster-manager-eligible node (and holds data); the
# others are data nodes. With two nodes, two manager-eligible ones would not
# survive losing either (a quorum of 2 is 2), so kill -9 the *last* node to
# test failures: the cluster goes yellow and keeps answering.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
state=${1:-target/cluster}
mkdir -p "$state"
state=$(cd "$state" && pwd)

nodes=${NEWSIDX_CLUSTER_NODES:-2}
http0=${NEWSIDX_CLUSTER_HTTP_PORT:-9201}
transport0=${NEWSIDX_CLUSTER_TRANSPORT_PORT:-9301}
heap=${NEWSIDX_CLUSTER_HEAP:-512m}
timeout=${NEWSIDX_CLUSTER_TIMEOUT:-180}
name=${NEWSIDX_CLUSTER_NAME:-newsidx-test}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
url="http://127.0.0.1:$http0"

say() { echo "cluster: $*" >&2; }
fail() { echo "cluster: error: $*" >&2; exit 1; }

is_our_node() { # pid: alive and one of our node JVMs
    [[ -n "$1" && -r /proc/$1/cmdline ]] && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q 'newsidx.cluster.NodeMain'
}

# Nodes already running from this state directory: all of them, hand out
# the URL; some (one was killed in a test), start the missing ones again
# with their data, so that they rejoin, and wait as for a fresh start.
declare -A up=()
running=0
for ((i = 1; i <= nodes; i++)); do
    if [[ -e $state/node-$i.pid ]] && is_our_node "$(cat "$state/node-$i.pid")"; then
        up[$i]=1
        running=$((running + 1))
    fi
done
if ((running == nodes)); then
    say "$running node(s) already running from $state (cluster/stop.sh $state stops them)"
    cat "$state/url" 2>/dev/null || echo "$url"
    exit 0
fi
restart=0
if ((running > 0)); then
    restart=1
    say "$running of $nodes nodes running from $state: starting the others again, with their data"
fi

command -v "$java" >/dev/null || fail "no java found (need Java 17+; set JAVA_HOME)"
command -v curl >/dev/null || fail "curl is needed to check the cluster's health"

# Build the launcher when missing or older than its sources. Offline first
# (works once ~/.m2 has the jars), then online for the first run.
jar=$here/target/newsidx-cluster.jar
if [[ ! -e $jar || ! -d $here/target/lib ]] || [[ -n $(find "$here/pom.xml" "$here/src" -newer "$jar" -type f 2>/dev/null) ]]; then
    command -v mvn >/dev/null || fail "the launcher is not built and mvn is not installed"
    say "building the node launcher (Maven)..."
    buildlog=$state/build.log
    if ! mvn -B -q -o -Dstyle.color=never -f "$here/pom.xml" package >"$buildlog" 2>&1; then
        if ! mvn -B -q -Dstyle.color=never -f "$here/pom.xml" package >>"$buildlog" 2>&1; then
            tail -n 30 "$buildlog" >&2
            fail "building cluster/ with Maven failed (full log: $buildlog)"
        fi
    fi
fi
classpath="$jar:$here/target/lib/*"

# Ports must be free: a node from another run (or anything else) there
# would answer our health checks and make the wait meaningless.
for ((i = 0; i < nodes; i++)); do
    [[ -n ${up[$((i + 1))]:-} ]] && continue
    for port in $((http0 + i)) $((transport0 + i)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            fail "port $port on 127.0.0.1 is already in use (another cluster? try cluster/stop.sh, or set NEWSIDX_CLUSTER_HTTP_PORT / NEWSIDX_CLUSTER_TRANSPORT_PORT)"
        fi
    done
done

seeds=
for ((i = 0; i < nodes; i++)); do seeds+="${seeds:+,}127.0.0.1:$((transport0 + i))"; done

start_ms=$(($(date +%s%N) / 1000000))
for ((i = 1; i <= nodes; i++)); do
    [[ -n ${up[$i]:-} ]] && continue
    node=node-$i
    home=$state/$node
    if [[ ${NEWSIDX_CLUSTER_KEEP_DATA:-0} != 1 && $restart == 0 ]]; then rm -rf "$home"; fi
    mkdir -p "$home"
    ((restart)) || : >"$state/$node.log"
    if ((i == 1)); then roles=cluster_manager,data,ingest; else roles=data,ingest; fi
    # JVM options after the distribution's jvm.options, minus what only
    # matters for a large production heap.
    nohup "$java" -Xms"$heap" -Xmx"$heap" -Xss1m \
        -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true \
        -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
        -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
        -Dio.netty.recycler.maxCapacityPerThread=0 \
        -cp "$classpath" newsidx.cluster.NodeMain \
        -Ecluster.name="$name" -Enode.name="$node" -Enode.roles="$roles" \
        -Epath.home="$home" -Epath.data="$home/data" -Epath.logs="$home/logs" \
        -Enetwork.host=127.0.0.1 \
        -Ehttp.port=$((http0 + i - 1)) -Etransport.port=$((transport0 + i - 1)) \
        -Ediscovery.seed_hosts="$seeds" \
        -Ecluster.initial_cluster_manager_nodes=node-1 \
        -Ecluster.routing.allocation.disk.threshold_enabled=false \
        >>"$state/$node.log" 2>&1 </dev/null &
    echo $! >"$state/$node.pid"
    say "started $node (pid $!, http $((http0 + i - 1)), transport $((transport0 + i - 1)), log $state/$node.log)"
done
echo "$url" >"$state/url"

alive() { # pid: a process we started, not yet exited (nor a zombie)
    local st
    st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    st=${st##*) }
    [[ ${st:0:1} != Z ]]
}

log_tails() {
    local i
    for ((i = 1; i <= nodes; i++)); do
        echo "---- last lines of $state/node-$i.log" >&2
        tail -n 25 "$state/node-$i.log" >&2 || true
    done
}

deadline=$(($(date +%s) + timeout))
while :; do
    for ((i = 1; i <= nodes; i++)); do
        if ! alive "$(cat "$state/node-$i.pid")"; then
            log_tails
            "$here/stop.sh" "$state" >/dev/null 2>&1 || true
            fail "node-$i exited while the cluster was starting (its log is above)"
        fi
    done
    health=$(curl -s --max-time 10 "$url/_cluster/health?wait_for_nodes=$nodes&wait_for_status=yellow&timeout=5s" || true)
    if [[ $health == *'"timed_out":false'* && $health == *"\"number_of_nodes\":$nodes,"* ]]; then
        break
    fi
    if (($(date +%s) >= deadline)); then
        log_tails
        echo "---- last health answer: ${health:-none (nothing answered on $url)}" >&2
        "$here/stop.sh" "$state" >/dev/null 2>&1 || true
        fail "the cluster did not reach $nodes nodes and green/yellow within ${timeout}s (nodes stopped)"
    fi
    sleep 1
done
elapsed_ms=$(($(date +%s%N) / 1000000 - start_ms))
elapsed=$((elapsed_ms / 1000)).$(((elapsed_ms % 1000) / 100))
status=$(sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' <<<"$health")
say "$nodes nodes up, status $status, in ${elapsed}s: $url"
echo "$url"
