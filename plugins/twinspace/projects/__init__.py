"""TwinSpace: the projects area."""
