"""A stored object as plain data: what reads return and what the faces show."""

from __future__ import annotations

from typing import Any

Object = dict[str, Any]
"""An object in the SkyShift shape (`kind`, `metadata`, `spec`, `status`), as JSON gives it."""
