"""The hostile suite: each test reproduces one fault an outside audit found (issue 8)."""
