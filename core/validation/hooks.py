"""Hook implementations of core's validation area (see docs/hooks.md)."""
