"""Alembic environment: the engine comes from storage.db (never from an ini file)."""
from alembic import context

from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # APScheduler's job store keeps its own table in the same database
            include_name=lambda name, type_, parent: not (type_ == "table" and name == "apscheduler_jobs"),
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
