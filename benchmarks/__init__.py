"""Benchmarks: scripts that print figures users would feel; run them, they are not tests."""
