"""Hook implementations of the TwinSpace pages area (see docs/hooks.md)."""

from __future__ import annotations
