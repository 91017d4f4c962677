"""company logos; promoters' moderation digest (opt-out and last run)

Revision ID: c4d8e2f17a93
Revises: a18a4c6e2b90
Create Date: 2026-12-06 07:30:00

"""

import sqlalchemy as sa
from alembic import op

from jobportal.models.base import UTCDateTime

revision = "c4d8e2f17a93"
down_revision = "a18a4c6e2b90"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("logo_file", sa.String(length=80), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("moderation_mails", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("moderation_digest_at", UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("moderation_digest_at")
        batch_op.drop_column("moderation_mails")
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_column("logo_file")
