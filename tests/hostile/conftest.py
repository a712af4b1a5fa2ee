"""The hostile suite: each test reproduces one fault an outside audit found (issue 8)."""

from __future__ import annotations

import sys
from pathlib import Path

# Reuse the CLI tests' real-subprocess helpers (`Watch`) and the TUI tests' waits (`running`)
# rather than writing them twice.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cli"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tui"))
