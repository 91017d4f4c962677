"""returnee households (the partner's work and commute); figures (monthly listing counters,
filled via the portal)

Revision ID: 8a1c3e5f7b20
Revises: 7c2f5d9e1a40
Create Date: 2026-12-06 07:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8a1c3e5f7b20"
down_revision = "7c2f5d9e1a40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("returnee_profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("partner_work_text", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("partner_commute_km", sa.Integer(), nullable=True))
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filled_via_portal", sa.Boolean(), nullable=True))
    op.create_table(
        "listing_months",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.Column("apply_clicks", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("job_id", "month"),
    )


def downgrade():
    op.drop_table("listing_months")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("filled_via_portal")
    with op.batch_alter_table("returnee_profiles", schema=None) as batch_op:
        batch_op.drop_column("partner_commute_km")
        batch_op.drop_column("partner_work_text")
