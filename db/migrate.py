"""Run the Alembic migrations in db/migrations from code (the CLI and the tests use this)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats % as interpolation; URLs may contain percent-escapes.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, *, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, *, revision: str = "-1") -> None:
    command.downgrade(alembic_config(url), revision)
