"""Wagtail admin screens of the TwinSpace groups area (imported by wagtail_hooks)."""

from __future__ import annotations
