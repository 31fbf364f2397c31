"""Benchmarks for reentry-workbook: every figure beside a baseline measured in the same run."""
