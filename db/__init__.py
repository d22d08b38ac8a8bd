"""Storage: typed SQLAlchemy models, the engine set-up and the Alembic migrations."""
