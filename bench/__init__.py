"""Benchmarks: a data generator and page timings (``make bench``)."""
