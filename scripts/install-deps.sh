#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian 12 machine: Debian packages (browser,
# Grafana's Inter font for screenshots, Prometheus, Alertmanager, docker-compose v1 for validation, PostgreSQL
# for the scale-out store) and npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium fonts-inter prometheus prometheus-alertmanager docker-compose postgresql)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Playwright must use Debian's Chromium: never download browsers.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --foreground-scripts >/tmp/foresight-npm-ci.log 2>&1 || { tail -40 /tmp/foresight-npm-ci.log; exit 1; }
fi
echo "install-deps: ready (node $(node --version), $(chromium --version 2>/dev/null | head -1), $(prometheus --version 2>&1 | head -1 | cut -d' ' -f1-3))"
