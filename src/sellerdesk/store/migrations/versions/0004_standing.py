"""standing: points ledger, sanctions, daily metric counters, response samples, projector cursor

Revision ID: 0004_standing
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sellerdesk.store.tables.base as types

revision = "0004_standing"
down_revision = "0001_core"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "standing_points",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("facts", JSON, nullable=False),
        sa.Column("at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_standing_points_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_points")),
    )
    with op.batch_alter_table("standing_points", schema=None) as batch_op:
        batch_op.create_index("ix_standing_points_seller_id_id", ["seller_id", "id"], unique=False)

    op.create_table(
        "standing_sanctions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("facts", JSON, nullable=False),
        sa.Column("starts_at", types.UTCDateTime(), nullable=False),
        sa.Column("ends_at", types.UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("lifted_at", types.UTCDateTime(), nullable=True),
        sa.Column("lifted_by", sa.String(length=40), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.Column("imposed_by", sa.String(length=40), nullable=False),
        sa.Column("dedupe_key", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_standing_sanctions_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_sanctions")),
    )
    with op.batch_alter_table("standing_sanctions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_standing_sanctions_seller_id_id", ["seller_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_standing_sanctions_ends_at_active",
            ["ends_at"],
            unique=False,
            postgresql_where=sa.text("status = 'active'"),
            sqlite_where=sa.text("status = 'active'"),
        )
        batch_op.create_index(
            "uq_standing_sanctions_dedupe", ["seller_id", "dedupe_key"], unique=True
        )

    op.create_table(
        "standing_daily",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        _count("accepted"),
        _count("seller_cancels"),
        _count("buyer_cancels"),
        _count("ship_due"),
        _count("ship_late"),
        _count("delivered"),
        _count("refunds"),
        _count("disputes_won"),
        _count("disputes_lost"),
        _count("chats_due"),
        _count("chats_in_time"),
        _count("guard_warnings"),
        sa.Column("last_at", types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_daily")),
    )
    with op.batch_alter_table("standing_daily", schema=None) as batch_op:
        batch_op.create_index("uq_standing_daily_seller_id_day", ["seller_id", "day"], unique=True)

    op.create_table(
        "standing_responses",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("at", types.UTCDateTime(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_responses")),
    )
    with op.batch_alter_table("standing_responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_standing_responses_seller_id_at", ["seller_id", "at"], unique=False
        )

    op.create_table(
        "standing_sellers",
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("points_delta", sa.Integer(), nullable=False),
        sa.Column("warnings_total", sa.Integer(), nullable=False),
        sa.Column("health", sa.Float(), nullable=True),
        sa.Column("components", JSON, nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("alerted", JSON, nullable=False),
        sa.Column("evaluate_at", types.UTCDateTime(), nullable=True),
        sa.Column("evaluated_at", types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("seller_id", name=op.f("pk_standing_sellers")),
    )
    with op.batch_alter_table("standing_sellers", schema=None) as batch_op:
        batch_op.create_index("ix_standing_sellers_health", ["health"], unique=False)
        batch_op.create_index(
            "ix_standing_sellers_evaluate_at",
            ["evaluate_at"],
            unique=False,
            postgresql_where=sa.text("evaluate_at IS NOT NULL"),
            sqlite_where=sa.text("evaluate_at IS NOT NULL"),
        )

    op.create_table(
        "standing_cursor",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("last_event_id", BIG_ID, nullable=False),
        sa.Column("gap_id", BIG_ID, nullable=True),
        sa.Column("updated_at", types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_standing_cursor")),
    )


def downgrade() -> None:
    op.drop_table("standing_cursor")
    with op.batch_alter_table("standing_sellers", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_standing_sellers_evaluate_at",
            postgresql_where=sa.text("evaluate_at IS NOT NULL"),
            sqlite_where=sa.text("evaluate_at IS NOT NULL"),
        )
        batch_op.drop_index("ix_standing_sellers_health")
    op.drop_table("standing_sellers")
    with op.batch_alter_table("standing_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_standing_responses_seller_id_at")
    op.drop_table("standing_responses")
    with op.batch_alter_table("standing_daily", schema=None) as batch_op:
        batch_op.drop_index("uq_standing_daily_seller_id_day")
    op.drop_table("standing_daily")
    with op.batch_alter_table("standing_sanctions", schema=None) as batch_op:
        batch_op.drop_index("uq_standing_sanctions_dedupe")
        batch_op.drop_index(
            "ix_standing_sanctions_ends_at_active",
            postgresql_where=sa.text("status = 'active'"),
            sqlite_where=sa.text("status = 'active'"),
        )
        batch_op.drop_index("ix_standing_sanctions_seller_id_id")
    op.drop_table("standing_sanctions")
    with op.batch_alter_table("standing_points", schema=None) as batch_op:
        batch_op.drop_index("ix_standing_points_seller_id_id")
    op.drop_table("standing_points")
