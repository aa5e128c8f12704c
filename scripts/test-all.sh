#!/usr/bin/env bash
# Runs every check and test suite, then prints one closing line: "N passed, N failed".
# N counts test cases (jest, Playwright, check scripts); a stage without cases (typecheck, lint, build)
# counts as one. Used by .ci/run and by developers (README: `bash .ci/run`).
set -uo pipefail
cd "$(dirname "$0")/.."

REPORTS=$(mktemp -d)
PASSED=0
FAILED=0
FAILED_STAGES=()

# Adds the "N passed, N failed" counts that a check script printed on its last matching line.
count_plain() {
  local line
  line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
  [ -z "$line" ] && return 1
  PASSED=$((PASSED + $(echo "$line" | cut -d' ' -f1)))
  FAILED=$((FAILED + $(echo "$line" | cut -d' ' -f3)))
}

# Adds the counts of a jest --json report.
count_jest() {
  [ -s "$1" ] || return 1
  local counts
  counts=$(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "$1") || return 1
  PASSED=$((PASSED + ${counts% *}))
  FAILED=$((FAILED + ${counts#* }))
}

# Adds the counts of a Playwright JSON report.
count_playwright() {
  [ -s "$1" ] || return 1
  local counts
  counts=$(node -e 'const r=require(process.argv[1]); const s=r.stats||{}; console.log((s.expected||0)+(s.flaky||0), (s.unexpected||0))' "$1") || return 1
  PASSED=$((PASSED + ${counts% *}))
  FAILED=$((FAILED + ${counts#* }))
}

# stage NAME TIMEOUT_SECONDS KIND REPORT -- command...
stage() {
  local name=$1 limit=$2 kind=$3 report=$4
  shift 5
  local log="$REPORTS/$name.log"
  local start=$SECONDS
  echo "::: $name"
  timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1
  local rc=$?
  local counted=0 failed_before=$FAILED
  case "$kind" in
    jest) count_jest "$report" && counted=1 ;;
    playwright) count_playwright "$report" && counted=1 ;;
    plain) count_plain "$log" && counted=1 ;;
  esac
  if [ $counted -eq 0 ]; then
    if [ $rc -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
  elif [ $rc -ne 0 ] && [ $FAILED -eq $failed_before ]; then
    # The runner failed without a failing case (crash, timeout, setup error): count the stage as a failure.
    FAILED=$((FAILED + 1))
  fi
  if [ $rc -ne 0 ]; then
    FAILED_STAGES+=("$name")
    echo "    FAILED (exit $rc, $((SECONDS - start)) s); last lines:"
    tail -40 "$log" | sed 's/^/    | /'
  else
    echo "    ok ($((SECONDS - start)) s)"
  fi
}

export CI=${CI:-true}
stage typecheck 600 none - -- bash -c 'npx tsc --noEmit -p tsconfig.json && npx tsc --noEmit -p tsconfig.node.json'
stage lint 600 none - -- npx eslint --max-warnings=-1 .
stage format 300 none - -- npx prettier --check .
stage engine-boundary 300 plain - -- node scripts/check-engine-boundary.mjs
stage unit 900 jest "$REPORTS/unit.json" -- npx jest --ci --maxWorkers 2 --json --outputFile "$REPORTS/unit.json"
stage build 900 none - -- npm run build
stage plugin-check 120 plain - -- node scripts/check-plugin.mjs
stage compose-config 120 none - -- docker-compose -f docker-compose.yaml config -q
stage bench-validation 900 jest "$REPORTS/bench.json" -- npx jest -c jest.bench.config.js --ci --runInBand --json --outputFile "$REPORTS/bench.json"
stage integration 1800 jest "$REPORTS/integration.json" -- npx jest -c jest.integration.config.js --ci --runInBand --json --outputFile "$REPORTS/integration.json"
stage browser 1800 playwright "$REPORTS/browser.json" -- env PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/browser.json" npx playwright test -c playwright.host.config.ts --reporter=list,json

echo
if [ ${#FAILED_STAGES[@]} -gt 0 ]; then
  echo "failed stages: ${FAILED_STAGES[*]}"
fi
echo "$PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
