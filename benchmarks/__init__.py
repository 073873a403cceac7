"""Benchmarks: ``python -m benchmarks [--quick]`` (see run.py) and the synthetic corpus."""
