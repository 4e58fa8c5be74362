#!/usr/bin/env bash
# Checks the test cluster end to end, with curl only: starts it, loads
# schema/opensearch.json as an index template, creates an index with 2
# shards and 1 replica, waits for green, bulk-indexes a few articles,
# searches them with dfs_query_then_fetch (facets, timeline, collapse,
# highlight), kills the last node with kill -9, checks that the cluster is
# yellow and still answers, starts that node again, waits for green, and
# stops the cluster. Prints "N passed, N failed" at the end; exits 1 on any
# failure.
#
# usage: cluster/smoke.sh [STATE_DIR]     (default: target/cluster-smoke)
# Uses ports 9211/9212 and 9311/9312 unless NEWSIDX_CLUSTER_HTTP_PORT /
# NEWSIDX_CLUSTER_TRANSPORT_PORT say otherwise, so it does not meet a
# cluster started with the defaults.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
state=${1:-target/cluster-smoke}
export NEWSIDX_CLUSTER_HTTP_PORT=${NEWSIDX_CLUSTER_HTTP_PORT:-9211}
export NEWSIDX_CLUSTER_TRANSPORT_PORT=${NEWSIDX_CLUSTER_TRANSPORT_PORT:-9311}
export NEWSIDX_CLUSTER_NODES=2
passed=0
failed=0

check() { # name, then a command that succeeds when the check passes
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
    fi
}
finish() {
    "$here/stop.sh" "$state" 2>/dev/null
    echo "smoke: $passed passed, $failed failed"
    ((failed == 0))
    exit
}
trap finish EXIT

url=$("$here/start.sh" "$state") || { failed=$((failed + 1)); echo "FAIL start the cluster"; exit 1; }
passed=$((passed + 1))
echo "ok   start the cluster: $url"
index=newsidx-smoke
json() { curl -s --max-time 60 -H 'content-type: application/json' "$@"; }
has() { grep -q -- "$1" <<<"$2"; }

answer=$(json -XPUT "$url/_index_template/newsidx" --data-binary @"$root/schema/opensearch.json")
check "template accepted" has '"acknowledged":true' "$answer"
answer=$(json -XPUT "$url/$index")
check "index created" has '"acknowledged":true' "$answer"
answer=$(json "$url/_cluster/health/$index?wait_for_status=green&timeout=60s")
check "green with 2 shards, 1 replica" has '"status":"green".*"active_shards":4,' "$answer"

bulk=$(mktemp)
cat >"$bulk" <<'EOF'
{"index":{"_id":"a.jsonl:1"}}
{"key":"a.jsonl:1","id":"1","path":"a.jsonl","title":"Lavrov hopes Russia-US contacts on Syria will remain intense","body":"Russian Foreign Minister Sergey Lavrov said the contacts of Russian and US diplomats on Syria will remain intense.","people":["Sergey Lavrov"],"topics":["Syria","Russia"],"source":"tass.com","date":"2017-02-07T00:00:00Z","group":"a.jsonl:1"}
{"index":{"_id":"a.jsonl:2"}}
{"key":"a.jsonl:2","id":"2","path":"a.jsonl","title":"Tillerson meets Lavrov","body":"The meeting with Russian Foreign Minister Sergei Lavrov, on the sidelines of a G20 summit, was the first.","people":["Sergei Lavrov","Rex Tillerson"],"topics":["Russia"],"source":"cnn.com","date":"2017-02-16T00:00:00Z","group":"a.jsonl:2"}
{"index":{"_id":"a.jsonl:3"}}
{"key":"a.jsonl:3","id":"3","path":"a.jsonl","title":"Tillerson meets Lavrov (copy)","body":"The meeting with Russian Foreign Minister Sergei Lavrov, on the sidelines of a G20 summit, was the first.","people":["Sergei Lavrov"],"topics":["Russia"],"source":"abc.com","date":"2017-02-16T00:00:00Z","group":"a.jsonl:2"}
{"index":{"_id":"a.jsonl:4"}}
{"key":"a.jsonl:4","id":"4","path":"a.jsonl","title":"Floods in Zimbabwe","body":"Heavy rain added to the floods; international organizations are organizing help.","topics":["Zimbabwe"],"source":"bbc.co.uk","date":"2017-03-01T00:00:00Z","group":"a.jsonl:4"}
EOF
answer=$(curl -s --max-time 60 -XPOST "$url/$index/_bulk?refresh=true" -H 'content-type: application/x-ndjson' --data-binary @"$bulk")
rm -f "$bulk"
check "bulk of 4 articles" has '"errors":false' "$answer"

search='{"query":{"bool":{"should":[{"match":{"people.text":"sergey lavrov"}},{"match":{"body":"lavrov"}}]}},
  "collapse":{"field":"group"},"highlight":{"fields":{"body":{}}},
  "aggs":{"people":{"terms":{"field":"people"}},"timeline":{"date_histogram":{"field":"date","calendar_interval":"month"}}}}'
answer=$(json "$url/$index/_search?search_type=dfs_query_then_fetch" -d "$search")
check "dfs search over both shards" has '"_shards":{"total":2,"successful":2' "$answer"
check "3 hits, 2 after folding near-duplicates" has '"total":{"value":3,' "$answer"
check "near-duplicates collapsed" test "$(grep -o '"_id"' <<<"$answer" | wc -l)" = 2
check "people facet" has '"key":"Sergei Lavrov","doc_count":2' "$answer"
check "timeline" has '"key_as_string":"2017-02-01T00:00:00.000Z"[^}]*"doc_count":3' "$answer"
check "highlight" has '<em>Lavrov</em>' "$answer"
answer=$(json "$url/$index/_search" -d '{"query":{"match":{"people.text":"sergey"}}}')
check "name variants: sergey finds Sergei" has '"total":{"value":3,' "$answer"
answer=$(json "$url/$index/_analyze" -d '{"analyzer":"newsidx_news","text":"The meeting'"'"'s added International organizing"}')
check "stems as newsidx: meet s add internat organiz" \
    test "$(grep -o '"token":"[^"]*"' <<<"$answer" | cut -d'"' -f4 | tr '\n' ' ')" = "meet s add internat organiz "
answer=$(json -XPUT "$url/$index/_doc/bad" -d '{"title":"x","author":"y"}')
check "unmapped field refused" has 'strict_dynamic_mapping_exception' "$answer"

kill -9 "$(cat "$state/node-2.pid")"
answer=$(json "$url/_cluster/health?wait_for_nodes=1&wait_for_status=yellow&timeout=60s")
check "kill -9 node-2: yellow, 1 node" has '"status":"yellow".*"number_of_nodes":1,' "$answer"
answer=$(json "$url/$index/_search?search_type=dfs_query_then_fetch" -d "$search")
check "still answers" has '"total":{"value":3,' "$answer"
answer=$(json "$url/$index/_count")
check "nothing lost" has '"count":4,' "$answer"

"$here/start.sh" "$state" >/dev/null
answer=$(json "$url/_cluster/health/$index?wait_for_status=green&timeout=90s")
check "node-2 restarted: green again" has '"status":"green".*"number_of_nodes":2,' "$answer"
