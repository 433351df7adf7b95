"""Import of GAIA training-plan exports (see docs/gaia-import.md)."""
