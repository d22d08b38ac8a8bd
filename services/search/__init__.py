"""Full-text search and similar claims, the same on SQLite and PostgreSQL."""
