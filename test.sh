#!/bin/sh
# Set up (once) and run every check: ruff (lint), mypy (types), import-linter (the layers and
# no import cycle), then pytest (unit, CLI, TUI, snapshots). Needs only python3; everything
# else goes into ./.venv. Arguments pass on to pytest.
set -e
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
.venv/bin/ruff check skyshift_tui skyctl.py tests benchmarks
.venv/bin/mypy
.venv/bin/lint-imports --no-cache --no-logo
exec .venv/bin/python -m pytest -n 2 "$@"
