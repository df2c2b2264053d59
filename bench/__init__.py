"""Benchmarks (issue 8): each script prints a table and writes it to docs/benchmarks.md. Never run as tests."""
