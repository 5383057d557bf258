#!/usr/bin/env bash
# The main job on a fresh machine: install, start the local graph server,
# load the bundled sample, and serve the web app on http://127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh .venv
export PATH="$PWD/.venv/bin:$PATH"
explorer sample      # starts the local graph server (into an empty graph: an import)
explorer db start    # already running: says so
explorer db status
exec explorer serve "$@"
