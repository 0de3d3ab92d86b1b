#!/usr/bin/env bash
# Installs the system packages Switchyard needs to build and test on Debian:
# SQLite headers for GRDB; python3 with venv for the official-client fidelity suite,
# schemathesis and the browser test (scripts/fidelity, scripts/schemathesis and
# scripts/browser-test make their own virtualenvs from PyPI); headless Chromium for the browser
# test of the web console; promtool (Debian's prometheus package) for the checks of the alert
# rules and dashboard (scripts/check-monitoring); PostgreSQL's server for the tests of the
# PostgreSQL state store (scripts/postgres-test-cluster starts a throw-away server from these binaries);
# nginx (nginx-light) as the load balancer of scripts/cluster and the multi-replica tests;
# procps (ps, pkill) for the watchdog of scripts/test (scripts/lib/watchdog.sh).
set -euo pipefail
need=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then need+=(python3-venv); fi
bash "$(dirname "$0")/postgres-test-cluster" check >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v pkill >/dev/null 2>&1 && command -v ps >/dev/null 2>&1 || need+=(procps)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing missing system packages: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "install-deps: missing ${need[*]}; run as root (apt-get install -y ${need[*]})" >&2
      exit 2
    fi
    SUDO=sudo
  else
    SUDO=
  fi
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "install-deps: apt-get could not install ${need[*]} (full log: $log)" >&2
    exit 2
  fi
  rm -f "$log"
  echo "== installed ${need[*]}"
fi
