"""language preferences of users and alerts; English-speaking workplaces

Revision ID: a19e4c1b2d57
Revises: 9d4e6f1a2b37
Create Date: 2026-12-06 07:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a19e4c1b2d57"
down_revision = "9d4e6f1a2b37"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=5), nullable=True))
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), server_default="de", nullable=False)
        )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("english_ok", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("english_ok")
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")
