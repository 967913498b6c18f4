"""Wagtail admin screens of the TwinSpace projects area (imported by wagtail_hooks)."""

from __future__ import annotations
