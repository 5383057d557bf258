#!/usr/bin/env bash
# The main job on a fresh machine: install, start the local graph server,
# load the bundled sample, and serve the web app on http://127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh .venv
export PATH="$PWD/.venv/bin:$PATH"
explorer db start
explorer sample
explorer db status
exec explorer serve "$@"
