#!/usr/bin/env bash
# One command for the local stack (README's first command): builds what is missing, then starts on loopback
#   the Foresight backend (embedded SQLite), the demo workload simulator, Prometheus and Alertmanager (when the
#   Debian packages are installed) and the Grafana-like host that serves the built plugin.
# Usage: npm start [-- --no-prometheus] [-- --accelerate N]     Ctrl-C stops everything.
set -uo pipefail
cd "$(dirname "$0")/.."

WITH_PROMETHEUS=1
ACCELERATE=${FORESIGHT_ACCELERATE:-1}
while [ $# -gt 0 ]; do
  case "$1" in
    --no-prometheus) WITH_PROMETHEUS=0 ;;
    --accelerate) ACCELERATE=$2; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "start: unknown option $1 (try --help)"; exit 2 ;;
  esac
  shift
done

BACKEND_PORT=${FORESIGHT_PORT:-8070}
HOST_PORT=${HOST_PORT:-3000}
SIM_PORT=${SIM_PORT:-9464}
PROM_PORT=${PROM_PORT:-9090}
AM_PORT=${AM_PORT:-9093}
STATE=${FORESIGHT_STATE_DIR:-.data}   # state and logs (tests point it at a temp dir)
RUN=$STATE/run
mkdir -p "$RUN" "$STATE/prometheus" "$STATE/alertmanager"

[ -d node_modules ] || { echo "start: installing npm packages (first run)"; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null || exit 1; }
newest_src=$(find src pkg -type f -newer dist/backend/server.js 2>/dev/null | head -1)
if [ ! -f dist/module.js ] || [ ! -f dist/backend/server.js ] || [ -n "$newest_src" ]; then
  echo "start: building the plugin and the backend (npm run build)"
  npm run build >"$RUN/build.log" 2>&1 || { tail -30 "$RUN/build.log"; exit 1; }
fi

# One API key shared by the backend, the host's plugin settings, the simulator and Alertmanager.
if [ -z "${FORESIGHT_API_KEY:-}" ]; then
  [ -s "$STATE/api-key" ] || node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))' >"$STATE/api-key"
  FORESIGHT_API_KEY=$(cat "$STATE/api-key")
fi
export FORESIGHT_API_KEY

PIDS=()
stop_all() {
  echo
  echo "start: stopping ${#PIDS[@]} processes"
  # Each component runs in its own process group (setsid): stopping the group also stops its children.
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null; done
  wait 2>/dev/null
  exit 0
}
trap stop_all INT TERM

wait_http() { # url seconds
  for _ in $(seq 1 $(($2 * 5))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

launch() { # name url-to-wait-for description command...
  local name=$1 url=$2 what=$3
  shift 3
  setsid "$@" >"$RUN/$name.log" 2>&1 &
  PIDS+=($!)
  if wait_http "$url" 30; then
    printf '  %-13s %s\n' "$name" "$what"
  else
    printf '  %-13s FAILED to start, see %s\n' "$name" "$RUN/$name.log"
    tail -5 "$RUN/$name.log" | sed 's/^/                | /'
  fi
}

echo "Foresight local stack (logs in $RUN/):"
PROM_URL=""
if [ $WITH_PROMETHEUS -eq 1 ]; then
  if command -v prometheus-alertmanager >/dev/null; then
    # The committed config names the default backend port and a key placeholder; render the real ones.
    sed "s#__FORESIGHT_API_KEY__#$FORESIGHT_API_KEY#g; s#http://127.0.0.1:8070/#http://127.0.0.1:$BACKEND_PORT/#g" \
      demo/alertmanager/alertmanager.yml >"$RUN/alertmanager.yml"
    chmod 600 "$RUN/alertmanager.yml"
    launch alertmanager "http://127.0.0.1:$AM_PORT/-/ready" "http://127.0.0.1:$AM_PORT (routes alerts to the backend webhook)" \
      prometheus-alertmanager --config.file="$RUN/alertmanager.yml" --storage.path="$STATE/alertmanager" \
      --web.listen-address=127.0.0.1:$AM_PORT --cluster.listen-address=
  else
    echo "  alertmanager  missing: apt-get install prometheus-alertmanager (alerts will not reach the backend)"
  fi
  if command -v prometheus >/dev/null; then
    launch prometheus "http://127.0.0.1:$PROM_PORT/-/ready" "http://127.0.0.1:$PROM_PORT (scrapes the simulator and the backend)" \
      prometheus --config.file=demo/prometheus/prometheus.yml --web.enable-lifecycle --storage.tsdb.path="$STATE/prometheus" \
      --web.listen-address=127.0.0.1:$PROM_PORT --rules.alert.resend-delay=5s
    PROM_URL="http://127.0.0.1:$PROM_PORT"
  else
    echo "  prometheus    missing: apt-get install prometheus (no metric queries or alert rules until then)"
  fi
fi
SLO_EVALUATION=recorded
PROM_NAME=Prometheus
if [ -z "$PROM_URL" ]; then
  # No Prometheus: the simulator answers the Prometheus read API itself (a PromQL subset over its own recorded samples),
  # so the backend and the Prometheus datasource read it directly. No recording or alert rules run in this mode.
  PROM_URL="http://127.0.0.1:$SIM_PORT"
  SLO_EVALUATION=raw
  PROM_NAME="Demo simulator (Prometheus API)"
  echo "  prometheus    not running: the backend and the Prometheus datasource read the simulator's query API ($PROM_URL);"
  echo "                SLOs evaluated from raw queries; no alert rules, so no alerts reach the incident list"
fi

launch backend "http://127.0.0.1:$BACKEND_PORT/health" "http://127.0.0.1:$BACKEND_PORT (SQLite at $STATE/foresight.db)" \
  env FORESIGHT_HOST=127.0.0.1 FORESIGHT_PORT=$BACKEND_PORT FORESIGHT_DB=$STATE/foresight.db FORESIGHT_PROMETHEUS_URL=$PROM_URL \
  FORESIGHT_SLO_EVALUATION=$SLO_EVALUATION node dist/backend/server.js

if [ -f demo/simulator/main.ts ]; then
  launch simulator "http://127.0.0.1:$SIM_PORT/metrics" "http://127.0.0.1:$SIM_PORT/metrics (demo shop, ${ACCELERATE}x time; POST /faults to inject)" \
    env SIM_SCRAPE_INTERVAL="${SIM_SCRAPE_INTERVAL:-5s}" \
    node_modules/.bin/tsx demo/simulator/main.ts --host 127.0.0.1 --port "$SIM_PORT" --accelerate "$ACCELERATE"
  # The shop's dependency graph becomes the backend's service catalogue: alerts of dependent services join one incident.
  node scripts/load-demo-catalogue.mjs "http://127.0.0.1:$SIM_PORT" "http://127.0.0.1:$BACKEND_PORT" | sed 's/^/  /'
fi
node scripts/load-demo-slos.mjs "http://127.0.0.1:$BACKEND_PORT" | sed 's/^/  /'

launch host "http://127.0.0.1:$HOST_PORT/api/health" "http://127.0.0.1:$HOST_PORT/a/foresight-aiops-app/incidents (the built plugin in a Grafana-like host)" \
  env HOST_PORT=$HOST_PORT HOST_STATE_DIR=$STATE/host HOST_BACKEND_URL=http://127.0.0.1:$BACKEND_PORT HOST_API_KEY=$FORESIGHT_API_KEY \
  HOST_PROMETHEUS_URL=$PROM_URL HOST_PROMETHEUS_NAME="$PROM_NAME" node_modules/.bin/tsx tests/host/server.ts

echo "API key: $STATE/api-key (or FORESIGHT_API_KEY). Press Ctrl-C to stop everything."
wait
