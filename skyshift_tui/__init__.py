"""SkyShift TUI: `skyctl` endpoints and namespaces, as a CLI and a Textual app over one store."""

__version__ = "0.1.0"
