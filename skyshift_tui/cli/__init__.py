"""`skyctl`, the command line: click commands over the shared store, models and formatting.

Nothing in this package imports Textual (only `skyctl tui` does, lazily), and only the write
paths (`create`, `apply`) import pydantic: `get` and `delete` must start in ~150 ms.
"""
