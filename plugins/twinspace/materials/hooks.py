"""Hook implementations of the TwinSpace materials area (see docs/hooks.md)."""

from __future__ import annotations
