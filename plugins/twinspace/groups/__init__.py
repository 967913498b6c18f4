"""TwinSpace: the groups area."""
