"""TwinSpace: the pages area."""
