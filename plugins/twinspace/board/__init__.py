"""TwinSpace: the board area."""
