"""Benchmarks of annexgen builds on synthetic content, against a direct writer and peers."""
