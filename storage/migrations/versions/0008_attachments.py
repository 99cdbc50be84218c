"""attachments: the documents an article links to (PDF, Word, Excel, archives), as links

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

V_ATTACHMENTS = """
    SELECT t.id AS attachment_id, t.article_id, a.source_id, t.url, t.label, t.kind,
           a.url AS article_url, a.title AS article_title, a.published_at
    FROM attachments t JOIN articles a ON a.id = t.article_id"""


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("label", sa.String(300), nullable=False, server_default=""),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.UniqueConstraint("article_id", "url", name="uq_attachments_article_url"),
    )
    op.create_index("ix_attachments_url", "attachments", ["url"])
    op.execute(f"CREATE VIEW v_attachments AS {V_ATTACHMENTS}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_attachments")
    op.drop_index("ix_attachments_url", "attachments")
    op.drop_table("attachments")
