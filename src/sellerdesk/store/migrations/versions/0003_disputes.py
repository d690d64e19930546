"""disputes: tracking events and watches, disputes, per-SKU refunds, appeals, evidence files

Revision ID: 0003_disputes
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sellerdesk.store.tables.base as types

revision = "0003_disputes"
down_revision = "0001_core"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
WATCHING = "state = 'watching'"
OPEN_DISPUTE = "status = 'open'"
UNDER_REVIEW = "status = 'submitted'"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "tracking_events",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("order_id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("carrier", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("occurred_at", types.UTCDateTime(), nullable=False),
        sa.Column("recorded_at", types.UTCDateTime(), nullable=False),
        sa.Column("expected_delivery_date", sa.Date(), nullable=True),
        sa.Column("reported_by", sa.String(length=40), nullable=False),
        _fk("tracking_events", "order_id", "orders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_events")),
    )
    with op.batch_alter_table("tracking_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tracking_events_order_id_occurred_at", ["order_id", "occurred_at"], unique=False
        )

    op.create_table(
        "tracking_watches",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("order_id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("posting_number", sa.String(length=40), nullable=False),
        sa.Column("carrier", sa.String(length=64), nullable=False),
        sa.Column("last_status", sa.String(length=32), nullable=False),
        sa.Column("last_location", sa.String(length=200), nullable=False),
        sa.Column("last_event_at", types.UTCDateTime(), nullable=False),
        sa.Column("stall_due_at", types.UTCDateTime(), nullable=True),
        sa.Column("expected_delivery_date", sa.Date(), nullable=True),
        sa.Column("delivery_due_at", types.UTCDateTime(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("ended_at", types.UTCDateTime(), nullable=True),
        _fk("tracking_watches", "order_id", "orders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_watches")),
        sa.UniqueConstraint("order_id", name=op.f("uq_tracking_watches_order_id")),
    )
    with op.batch_alter_table("tracking_watches", schema=None) as batch_op:
        for column in ("stall_due_at", "delivery_due_at"):
            batch_op.create_index(
                f"ix_tracking_watches_{column}_watching",
                [column],
                unique=False,
                postgresql_where=sa.text(WATCHING),
                sqlite_where=sa.text(WATCHING),
            )

    op.create_table(
        "disputes",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("buyer_id", BIG_ID, nullable=False),
        sa.Column("order_id", BIG_ID, nullable=False),
        sa.Column("posting_number", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("trigger_rule", sa.String(length=16), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("skus", JSON, nullable=False),
        sa.Column("amount", types.MoneyAmount(), nullable=False),
        sa.Column("returned_amount", types.MoneyAmount(), nullable=False),
        sa.Column("fine_amount", types.MoneyAmount(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("appealable", sa.Boolean(), nullable=False),
        sa.Column("for_buyer_by_default", sa.Boolean(), nullable=False),
        sa.Column("appeal_until", types.UTCDateTime(), nullable=True),
        sa.Column("buyer_files", JSON, nullable=False),
        sa.Column("buyer_comment", sa.Text(), nullable=True),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("decided_at", types.UTCDateTime(), nullable=True),
        sa.Column("outcome_rule", sa.String(length=16), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        _fk("disputes", "seller_id", "sellers"),
        _fk("disputes", "buyer_id", "buyers"),
        _fk("disputes", "order_id", "orders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputes")),
    )
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.create_index("ix_disputes_seller_id_id", ["seller_id", "id"], unique=False)
        batch_op.create_index("ix_disputes_order_id", ["order_id"], unique=False)
        batch_op.create_index(
            "ix_disputes_appeal_until_open",
            ["appeal_until"],
            unique=False,
            postgresql_where=sa.text(OPEN_DISPUTE),
            sqlite_where=sa.text(OPEN_DISPUTE),
        )

    op.create_table(
        "refunds",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("dispute_id", BIG_ID, nullable=False),
        sa.Column("order_id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("buyer_id", BIG_ID, nullable=False),
        sa.Column("posting_number", sa.String(length=40), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", types.MoneyAmount(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("trigger", sa.String(length=24), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        _fk("refunds", "dispute_id", "disputes"),
        _fk("refunds", "order_id", "orders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
    )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.create_index("ix_refunds_order_id", ["order_id"], unique=False)
        batch_op.create_index("ix_refunds_dispute_id", ["dispute_id"], unique=False)
        batch_op.create_index(
            "ix_refunds_seller_id_created_at", ["seller_id", "created_at", "order_id"], unique=False
        )

    op.create_table(
        "appeals",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("dispute_id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("grounds", sa.String(length=24), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("submitted_at", types.UTCDateTime(), nullable=False),
        sa.Column("decide_by", types.UTCDateTime(), nullable=False),
        sa.Column("decided_at", types.UTCDateTime(), nullable=True),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("reject_rule", sa.String(length=16), nullable=True),
        sa.Column("throttled_until", types.UTCDateTime(), nullable=True),
        sa.Column("findings", JSON, nullable=False),
        sa.Column("decision", JSON, nullable=False),
        _fk("appeals", "dispute_id", "disputes"),
        _fk("appeals", "seller_id", "sellers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("dispute_id", name=op.f("uq_appeals_dispute_id")),
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index("ix_appeals_seller_id_id", ["seller_id", "id"], unique=False)
        batch_op.create_index(
            "ix_appeals_seller_id_throttled_until", ["seller_id", "throttled_until"], unique=False
        )
        batch_op.create_index(
            "ix_appeals_decide_by_submitted",
            ["decide_by"],
            unique=False,
            postgresql_where=sa.text(UNDER_REVIEW),
            sqlite_where=sa.text(UNDER_REVIEW),
        )

    op.create_table(
        "appeal_files",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("appeal_id", BIG_ID, nullable=False),
        sa.Column("seller_id", BIG_ID, nullable=False),
        sa.Column("file_id", BIG_ID, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("skus", JSON, nullable=False),
        sa.Column("translation_of", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("appeal_files", "appeal_id", "appeals"),
        _fk("appeal_files", "file_id", "files"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal_files")),
    )
    with op.batch_alter_table("appeal_files", schema=None) as batch_op:
        batch_op.create_index("ix_appeal_files_appeal_id", ["appeal_id"], unique=False)
        batch_op.create_index(
            "ix_appeal_files_seller_id_sha256", ["seller_id", "sha256"], unique=False
        )


def downgrade() -> None:
    for table in (
        "appeal_files",
        "appeals",
        "refunds",
        "disputes",
        "tracking_watches",
        "tracking_events",
    ):
        op.drop_table(table)
