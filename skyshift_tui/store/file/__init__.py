"""The file backend: one JSON file in TinyDB's layout, read and written under a lock."""
