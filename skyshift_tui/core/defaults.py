"""Defaults every face shares, in a module that imports nothing (the CLI's reads and the TUI
must not pay for pydantic to learn that the default namespace is called `default`)."""

DEFAULT_NAMESPACE = "default"
"""The namespace that always exists and cannot be deleted."""

DEFAULT_PRIMARY_CLUSTER = "auto"
"""The primary cluster of endpoints created without one."""
