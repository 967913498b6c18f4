"""TwinSpace: the materials area."""
