#!/bin/sh
# Set up (once) and open `skyctl tui` on the embedded default store.
# Needs only python3; everything else goes into ./.venv. Arguments pass on to `skyctl tui`.
set -e
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
exec .venv/bin/skyctl tui "$@"
