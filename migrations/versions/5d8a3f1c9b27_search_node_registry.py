"""search node registry and the pruned horizon of the search feed

Revision ID: 5d8a3f1c9b27
Revises: c4d8e2f17a93
Create Date: 2026-12-06 07:20:00

"""

import sqlalchemy as sa
from alembic import op

from jobportal.models.base import UTCDateTime

revision = "5d8a3f1c9b27"
down_revision = "c4d8e2f17a93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_nodes",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("heartbeat_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("registered_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_search_nodes")),
    )
    op.create_table(
        "search_feed_horizon",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("pruned_through", sa.BigInteger(), nullable=False),
        sa.Column("pruned_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_feed_horizon")),
    )


def downgrade():
    op.drop_table("search_feed_horizon")
    op.drop_table("search_nodes")
