#!/usr/bin/env bash
# Installs the system packages Switchyard needs to build and test on Debian:
# SQLite headers for GRDB, and python3 with venv for the official-client fidelity suite and
# schemathesis (scripts/fidelity and scripts/schemathesis make their own virtualenvs from PyPI).
set -euo pipefail
need=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then need+=(python3-venv); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}"
fi
