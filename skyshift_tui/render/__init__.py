"""Text for people, shared by the CLI and the TUI: tables, YAML/JSON, describe, escaping."""
