#!/usr/bin/env bash
# Create (or reuse) a virtual environment and install the product into it.
# Usage: scripts/setup-venv.sh VENV_DIR [EXTRAS]
set -euo pipefail
venv="$1"
extras="${2:-}"
here="$(cd "$(dirname "$0")/.." && pwd)"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    echo "installing python3-venv (Debian)" >&2
    as_root apt-get update -qq
    as_root apt-get install -y -qq python3-venv python3-pip >/dev/null
fi
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
target="$here"
if [ -n "$extras" ]; then target="$here[$extras]"; fi
"$venv/bin/python" -m pip install -q -e "$target" 2>&1 | grep -v -E '^(WARNING: Location|  )' >&2 || true
"$venv/bin/python" -c 'import explorer.cli' # fails loudly if the install did not work
