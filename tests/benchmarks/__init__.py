"""Performance benchmarks (run with ``python -m tests.benchmarks.run``; not collected by pytest)."""
