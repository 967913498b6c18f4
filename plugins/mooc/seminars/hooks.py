"""Hook implementations of the mooc plugin's seminars (see docs/hooks.md)."""
