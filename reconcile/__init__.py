"""reconcile: numeric claims from news, grouped into events, with provenance for every value."""
