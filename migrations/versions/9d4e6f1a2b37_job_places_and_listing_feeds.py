"""further work places of a listing; employer feeds and partner networks

Revision ID: 9d4e6f1a2b37
Revises: 5d8a3f1c9b27
Create Date: 2026-12-06 07:20:00

"""

import json

import sqlalchemy as sa
from alembic import op

import jobportal.models.base

revision = "9d4e6f1a2b37"
down_revision = "5d8a3f1c9b27"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_places",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("job_id", "place_id"),
    )
    with op.batch_alter_table("job_places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_places_place_id"), ["place_id"], unique=False)
    _copy_ba_places()
    op.create_table(
        "listing_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", jobportal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_run_at", jobportal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.String(length=20), nullable=False),
        sa.Column("last_format", sa.String(length=20), nullable=False),
        sa.Column("last_counts", sa.JSON(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("last_skips", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("listing_feeds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_feeds_company_id"), ["company_id"])
    op.create_table(
        "feed_listings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("salary_text", sa.Text(), nullable=False),
        sa.Column("last_seen_at", jobportal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feed_id"], ["listing_feeds.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feed_id", "ref", name="uq_feed_listings_feed_ref"),
    )
    with op.batch_alter_table("feed_listings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_listings_feed_id"), ["feed_id"])
        batch_op.create_index(batch_op.f("ix_feed_listings_job_id"), ["job_id"], unique=True)


def _copy_ba_places():
    """BA listings kept their other places as JSON on ba_listings.places: copy the known
    ones into job_places (member: one whose places include it, if any)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT b.job_id, b.places, j.place_id"
            " FROM ba_listings b JOIN jobs j ON j.id = b.job_id"
        )
    ).all()
    member_of = dict(
        bind.execute(
            sa.text("SELECT place_id, MIN(member_id) FROM member_places GROUP BY place_id")
        ).all()
    )
    table = sa.table(
        "job_places",
        sa.column("job_id", sa.Integer),
        sa.column("place_id", sa.Integer),
        sa.column("member_id", sa.Integer),
        sa.column("position", sa.Integer),
    )
    values = []
    for job_id, places, main in rows:
        if isinstance(places, str):
            places = json.loads(places or "[]")
        seen = {main}
        for spot in places or []:
            place_id = spot.get("place_id")
            if place_id and place_id not in seen:
                seen.add(place_id)
                member = member_of.get(place_id) if spot.get("in_network") else None
                values.append(
                    {
                        "job_id": job_id,
                        "place_id": place_id,
                        "member_id": member,
                        "position": len(seen),
                    }
                )
    if values:
        op.bulk_insert(table, values)


def downgrade():
    with op.batch_alter_table("feed_listings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_listings_job_id"))
        batch_op.drop_index(batch_op.f("ix_feed_listings_feed_id"))
    op.drop_table("feed_listings")
    with op.batch_alter_table("listing_feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_feeds_company_id"))
    op.drop_table("listing_feeds")
    with op.batch_alter_table("job_places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_places_place_id"))
    op.drop_table("job_places")
