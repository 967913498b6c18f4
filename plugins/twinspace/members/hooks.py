"""Hook implementations of the TwinSpace members area (see docs/hooks.md)."""

from __future__ import annotations
