"""TwinSpace: the forums area."""
