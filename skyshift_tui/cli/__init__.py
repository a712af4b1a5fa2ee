"""`skyctl`, the command line: click commands over the shared store, models and formatting.

Nothing in this package imports Textual (only `skyctl tui` does, lazily), and only the write
paths (`create`, `apply`) import pydantic: its 120-150 ms would be over half of the 250 ms
that `get endpoints -A` may take at 10k sets.
"""
