"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL
(a column added to a model but not to a migration, or the other way round, fails here)."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.db import open_archive
from storage.models import Base
from tests.conftest import fresh_pg_database

# Made by raw SQL on purpose, not models: PostgreSQL's generated search vector and its index.
DIALECT_ONLY = {"search_tsv", "ix_articles_search_tsv"}


def _include(obj, name, type_, reflected, compare_to):
    if type_ == "table" and reflected and compare_to is None:
        return False                     # FTS5 tables, APScheduler's job store: not models
    return name not in DIALECT_ONLY


def _drift(url: str) -> list:
    engine = open_archive(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"include_object": _include, "compare_type": True})
            return compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrations_and_models_agree(backend, tmp_path):
    if backend == "sqlite":
        assert _drift(f"sqlite:///{tmp_path / 'dx.db'}") == []
    else:
        with fresh_pg_database() as url:
            assert _drift(url) == []
