"""Hook implementations of the TwinSpace projects area (see docs/hooks.md)."""

from __future__ import annotations
