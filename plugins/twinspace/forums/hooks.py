"""Hook implementations of the TwinSpace forums area (see docs/hooks.md)."""

from __future__ import annotations
