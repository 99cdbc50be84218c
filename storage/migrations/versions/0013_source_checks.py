"""source checks: each live check of a source (`dxwatch sources check`), its result (ok, moved,
empty, blocked, unreachable) and the evidence; v_source_checks shows them, newest first per source.

Revision ID: 0013
Revises: 0012 (re-chained onto 0012 when issue-16a was merged in)
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

V_SOURCE_CHECKS = """
    SELECT c.source_id, c.checked_at, c.result, c.evidence, c.links, c.sampled, c.extracted,
           (SELECT MAX(p.checked_at) FROM source_checks p WHERE p.source_id = c.source_id AND p.result = 'ok')
               AS last_passed_at
    FROM source_checks c"""


def upgrade() -> None:
    op.create_table(
        "source_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(64), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("links", sa.Integer(), nullable=False),
        sa.Column("sampled", sa.Integer(), nullable=False),
        sa.Column("extracted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_checks")),
    )
    op.create_index(op.f("ix_source_checks_source_id"), "source_checks", ["source_id"])
    op.execute(f"CREATE VIEW v_source_checks AS {V_SOURCE_CHECKS}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_source_checks")
    op.drop_index(op.f("ix_source_checks_source_id"), table_name="source_checks")
    op.drop_table("source_checks")
