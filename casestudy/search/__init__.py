"""Full-text search over a case (SQLite FTS5): what is indexed, the index, and queries."""
