"""Property-based tests: random and hostile values at every form and at the sync API."""
