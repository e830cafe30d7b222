"""Benchmarks that measure Tandem against the limits of issue 5; run with `python -m bench [--quick]`."""
