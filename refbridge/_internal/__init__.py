"""refbridge's engine: nothing here is part of the public API (see docs/architecture.md)."""
