#!/usr/bin/env bash
# dlgrade vs nbgrader on the same class, same machine, one run (see bench/vs_nbgrader.py).
#   bash bench/vs_nbgrader.sh [--assignment 03_activations] [--copies 12] [--skip-nbgrader]
# Needs the dev extra (nbgrader, and ipykernel with it) in the active environment.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/vs_nbgrader.py "$@"
