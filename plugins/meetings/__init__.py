"""Time-boxed teaching meetings with active and reflection phases."""
