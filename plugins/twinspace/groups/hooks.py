"""Hook implementations of the TwinSpace groups area (see docs/hooks.md)."""

from __future__ import annotations
