"""member pages: transport, housing company, English versions; members unique per region;
outbox mails erased after sending

Revision ID: a18a4c6e2b90
Revises: 5e8a1c3f7b20
Create Date: 2026-12-06 07:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a18a4c6e2b90"
down_revision = "5e8a1c3f7b20"
branch_labels = None
depends_on = None

TEXTS = ("living", "housing", "childcare", "transport", "leisure", "support")


def upgrade():
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_constraint("uq_members_ags", type_="unique")
        batch_op.drop_constraint("uq_members_slug", type_="unique")
        batch_op.create_unique_constraint("uq_members_region_ags", ["region_id", "ags"])
        batch_op.create_unique_constraint("uq_members_region_slug", ["region_id", "slug"])
        batch_op.add_column(
            sa.Column("description_en", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("member_pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transport", sa.Text(), nullable=False, server_default=""))
        for name in TEXTS:
            batch_op.add_column(
                sa.Column(f"{name}_en", sa.Text(), nullable=False, server_default="")
            )
        batch_op.add_column(
            sa.Column("housing_company", sa.String(200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("housing_url", sa.String(500), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("transit_city", sa.String(120), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("transit_mode", sa.String(120), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("transit_minutes", sa.Integer(), nullable=True))
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "erase_after_send", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_column("erase_after_send")
    with op.batch_alter_table("member_pages", schema=None) as batch_op:
        for name in ("transit_minutes", "transit_mode", "transit_city", "housing_url"):
            batch_op.drop_column(name)
        batch_op.drop_column("housing_company")
        for name in TEXTS:
            batch_op.drop_column(f"{name}_en")
        batch_op.drop_column("transport")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("description_en")
        batch_op.drop_constraint("uq_members_region_slug", type_="unique")
        batch_op.drop_constraint("uq_members_region_ags", type_="unique")
        batch_op.create_unique_constraint("uq_members_slug", ["slug"])
        batch_op.create_unique_constraint("uq_members_ags", ["ags"])
