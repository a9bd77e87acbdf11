#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: Node packages (npm ci), Debian's
# Chromium for the browser tests, PostgreSQL and Redis for the scale-out tests (started when they
# are not already running), Prometheus for the monitoring test and Alertmanager for the drill.
# Safe to run again; it skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
# A real Prometheus scrapes /metrics in the monitoring test, and promtool checks the alert rules.
command -v prometheus >/dev/null || missing+=(prometheus)
# The drill sends its first alert through a real Alertmanager.
command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian: ${missing[*]}…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL on 127.0.0.1:5432; the tests connect as postgres (TEST_PG_URL overrides).
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "Starting PostgreSQL…"
  version=$(ls /etc/postgresql | sort -V | tail -1)
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
  # A fresh Debian cluster authenticates TCP connections by password: let local tests in.
  hba=$(ls /etc/postgresql/*/main/pg_hba.conf | sort -V | tail -1)
  # pg_hba.conf is read top-down, first match wins.
  $SUDO sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  if [ -z "$SUDO" ]; then su postgres -c "psql -qc 'SELECT pg_reload_conf()'" >/dev/null; else sudo -u postgres psql -qc 'SELECT pg_reload_conf()' >/dev/null; fi
fi

# Redis on 127.0.0.1:6379, keeping nothing on disk. The scale-out tests start private ones too.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis…"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

npm ci --no-audit --no-fund
