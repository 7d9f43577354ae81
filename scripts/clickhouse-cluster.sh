#!/usr/bin/env bash
# A 2-shard ClickHouse cluster on 127.0.0.1 for the ClickHouse engine's parity test (tests/engine/clickhouse.test.ts).
# Two server processes, each with its own config, data folder and ports (not the package's defaults), one shard
# each in `remote_servers` (cluster `rb_cluster`); a MergeTree table `rb.comext_local` on each and a Distributed
# table `rb.comext` over both; a SYNTHETIC bulk file (bench/generate-comext-bulk.ts) loaded split across the shards.
#
#   bash scripts/clickhouse-cluster.sh start [dir]           # start both servers, create the tables
#   bash scripts/clickhouse-cluster.sh load <file.dat> [dir]  # load a Comext bulk CSV, odd/even lines per shard
#   bash scripts/clickhouse-cluster.sh reset [dir]           # empty rb.files_local on both shards (files mode)
#   bash scripts/clickhouse-cluster.sh stop [dir]            # stop both servers by PID
#
# Tested with Debian's clickhouse-server 18.16.1. Prints the HTTP URL of shard 1 (ROUNDABOUT_CLICKHOUSE_URL).
set -euo pipefail

cmd=${1:?usage: clickhouse-cluster.sh start|load|stop [...]}
if [ "$cmd" = load ]; then
  file=${2:?usage: clickhouse-cluster.sh load <file> [dir]}
  dir=${3:-${TMPDIR:-/tmp}/roundabout-clickhouse}
else
  dir=${2:-${TMPDIR:-/tmp}/roundabout-clickhouse}
fi
# Ports of our own: by default HTTP 18123/18124, native 19000/19001, interserver 19009/19010. Set
# ROUNDABOUT_CH_PORT_BASE (default 18122) to move them all: HTTP base+1/base+2, native base+878/+879, interserver
# base+887/+888 (e.g. 28122 → 28123/28124, 29000/29001, 29009/29010), so two clusters can run side by side (CI and
# a bench run); use a different folder for each too.
port_base=${ROUNDABOUT_CH_PORT_BASE:-18122}
http_port() { echo $((port_base + $1)); }
tcp_port() { echo $((port_base + 877 + $1)); }
interserver_port() { echo $((port_base + 886 + $1)); }
server_bin=$(command -v clickhouse-server || true)
client_bin=$(command -v clickhouse-client || true)

client() { # shard, query (stdin may carry data)
  "$client_bin" --host 127.0.0.1 --port "$(tcp_port "$1")" --query "$2"
}

write_config() { # shard
  local s=$1 d="$dir/shard$1"
  mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas" "$d/log"
  cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$(http_port "$s")</http_port>
  <tcp_port>$(tcp_port "$s")</tcp_port>
  <interserver_http_port>$(interserver_port "$s")</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <format_schema_path>$d/format_schemas/</format_schema_path>
  <users_config>$d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <max_concurrent_queries>20</max_concurrent_queries>
  <mark_cache_size>268435456</mark_cache_size>
  <remote_servers>
    <rb_cluster>
      <shard><replica><host>127.0.0.1</host><port>$(tcp_port 1)</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$(tcp_port 2)</port></replica></shard>
    </rb_cluster>
  </remote_servers>
</yandex>
EOF
  cat >"$d/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
}

# Columns of the classic bulk layout, all as String (the engine validates them as the loaders do).
COLUMNS="DECLARANT String, DECLARANT_ISO String, PARTNER String, PARTNER_ISO String, TRADE_TYPE String,
  PRODUCT_NC String, PRODUCT_SITC String, PRODUCT_CPA2002 String, PRODUCT_CPA2008 String, PRODUCT_CPA2_1 String,
  PRODUCT_BEC String, PRODUCT_BEC5 String, PRODUCT_SECTION String, FLOW String, STAT_REGIME String,
  SUPP_UNIT String, PERIOD String, VALUE_IN_EUROS String, QUANTITY_IN_KG String, SUP_QUANTITY String"

start() {
  if [ -z "$server_bin" ] || [ -z "$client_bin" ]; then
    echo "clickhouse-cluster: clickhouse-server and clickhouse-client must be installed" >&2
    exit 1
  fi
  for s in 1 2; do
    write_config "$s"
    if [ -f "$dir/shard$s/pid" ] && kill -0 "$(cat "$dir/shard$s/pid")" 2>/dev/null; then continue; fi
    # exec: the PID written is the server's own.
    (cd "$dir/shard$s" && exec "$server_bin" --config-file="$dir/shard$s/config.xml") \
      </dev/null >"$dir/shard$s/log/stdout.log" 2>&1 &
    echo $! >"$dir/shard$s/pid"
  done
  for s in 1 2; do
    for _ in $(seq 1 120); do
      if curl -fs "http://127.0.0.1:$(http_port "$s")/ping" >/dev/null 2>&1; then break; fi
      if ! kill -0 "$(cat "$dir/shard$s/pid")" 2>/dev/null; then
        echo "clickhouse-cluster: shard $s exited; see $dir/shard$s/log" >&2
        tail -20 "$dir/shard$s/log/stdout.log" "$dir/shard$s/log/error.log" >&2 || true
        exit 1
      fi
      sleep 0.5
    done
    curl -fs "http://127.0.0.1:$(http_port "$s")/ping" >/dev/null || {
      echo "clickhouse-cluster: shard $s does not answer on port $(http_port "$s")" >&2
      exit 1
    }
  done
  for s in 1 2; do
    client "$s" "CREATE DATABASE IF NOT EXISTS rb"
    client "$s" "CREATE TABLE IF NOT EXISTS rb.comext_local ($COLUMNS) ENGINE = MergeTree() ORDER BY tuple()"
    client "$s" "CREATE TABLE IF NOT EXISTS rb.comext AS rb.comext_local ENGINE = Distributed(rb_cluster, rb, comext_local, rand())"
    # An empty pair for the engine's files mode (it inserts through the Distributed table).
    client "$s" "CREATE TABLE IF NOT EXISTS rb.files_local ($COLUMNS) ENGINE = MergeTree() ORDER BY tuple()"
    client "$s" "CREATE TABLE IF NOT EXISTS rb.files AS rb.files_local ENGINE = Distributed(rb_cluster, rb, files_local, rand())"
  done
  echo "http://127.0.0.1:$(http_port 1)"
}

load() {
  [ -f "$file" ] || { echo "clickhouse-cluster: no file $file" >&2; exit 1; }
  for s in 1 2; do client "$s" "TRUNCATE TABLE rb.comext_local"; done
  # Data lines split by parity of their number: odd lines to shard 1, even lines to shard 2.
  tail -n +2 "$file" | awk 'NR % 2 == 1' | client 1 "INSERT INTO rb.comext_local FORMAT CSV"
  tail -n +2 "$file" | awk 'NR % 2 == 0' | client 2 "INSERT INTO rb.comext_local FORMAT CSV"
  for s in 1 2; do echo "shard $s: $(client "$s" "SELECT count() FROM rb.comext_local") rows"; done
}

reset() { # empty the files-mode tables on both shards
  for s in 1 2; do client "$s" "TRUNCATE TABLE rb.files_local"; done
}

stop() {
  for s in 1 2; do
    local pidfile="$dir/shard$s/pid"
    [ -f "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    fi
    rm -f "$pidfile"
  done
}

case "$cmd" in
  start) start ;;
  load) load ;;
  reset) reset ;;
  stop) stop ;;
  *) echo "usage: clickhouse-cluster.sh start|load|reset|stop" >&2; exit 2 ;;
esac
