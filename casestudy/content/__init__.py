"""The case as data: the typed model, loading and validating YAML packs, the cache."""
