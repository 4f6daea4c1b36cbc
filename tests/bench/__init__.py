"""Benchmarks run by `make bench` (DESIGN §7): figures beside same-run baselines, never asserted on."""
