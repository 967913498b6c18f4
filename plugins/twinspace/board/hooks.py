"""Hook implementations of the TwinSpace board area (see docs/hooks.md)."""

from __future__ import annotations
