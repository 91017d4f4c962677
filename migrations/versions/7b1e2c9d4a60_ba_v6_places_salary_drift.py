"""BA import for the v6 search: other work places and salary text of imported listings,
new run counters and the drift of the BA's interface

Revision ID: 7b1e2c9d4a60
Revises: 3e051b4399dc
Create Date: 2026-11-23 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7b1e2c9d4a60"
down_revision = "3e051b4399dc"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ba_import_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unplaced", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("filtered", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("drift", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("drift_mailed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("ba_listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("salary_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("places", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("ba_listings", schema=None) as batch_op:
        batch_op.drop_column("places")
        batch_op.drop_column("salary_text")
    with op.batch_alter_table("ba_import_runs", schema=None) as batch_op:
        batch_op.drop_column("drift_mailed_on")
        batch_op.drop_column("drift")
        batch_op.drop_column("filtered")
        batch_op.drop_column("unplaced")
