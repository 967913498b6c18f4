"""TwinSpace: the members area."""
