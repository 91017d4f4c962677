"""listings recommended on the home page

Revision ID: b7e2d4f6a812
Revises: a19e4c1b2d57
Create Date: 2026-12-06 08:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7e2d4f6a812"
down_revision = "a19e4c1b2d57"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("featured", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("featured")
