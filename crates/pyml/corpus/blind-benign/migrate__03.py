"""encrypt customers.ssn at rest

Revision ID: 7c1e2f9a4b3d
Revises: 5a0d9e8c1f27
Create Date: 2024-03-11 10:42:17.318204

Adds customers.ssn_encrypted (Fernet, key from the app's KMS-backed secret),
backfills it in batches, verifies the backfill and drops the plaintext column.
"""
import os

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet, MultiFernet

revision = "7c1e2f9a4b3d"
down_revision = "5a0d9e8c1f27"
branch_labels = None
depends_on = None

BATCH = 5000


def _fernet():
    keys = os.environ["PII_ENCRYPTION_KEYS"].split(",")  # newest first, for rotation
    return MultiFernet([Fernet(k.strip()) for k in keys])


def upgrade():
    f = _fernet()
    op.add_column("customers", sa.Column("ssn_encrypted", sa.LargeBinary(), nullable=True))
    conn = op.get_bind()
    customers = sa.table("customers",
                         sa.column("id", sa.BigInteger),
                         sa.column("ssn", sa.String),
                         sa.column("ssn_encrypted", sa.LargeBinary))
    last_id = 0
    while True:
        rows = conn.execute(
            sa.select(customers.c.id, customers.c.ssn)
            .where(customers.c.id > last_id, customers.c.ssn.isnot(None))
            .order_by(customers.c.id).limit(BATCH)
        ).fetchall()
        if not rows:
            break
        conn.execute(
            customers.update().where(customers.c.id == sa.bindparam("_id"))
            .values(ssn_encrypted=sa.bindparam("_enc")),
            [{"_id": r.id, "_enc": f.encrypt(r.ssn.encode())} for r in rows],
        )
        last_id = rows[-1].id

    missing = conn.execute(sa.text(
        "SELECT count(*) FROM customers WHERE ssn IS NOT NULL AND ssn_encrypted IS NULL"
    )).scalar()
    if missing:
        raise RuntimeError(f"{missing} rows were not backfilled; refusing to drop plaintext column")
    op.drop_index("ix_customers_ssn", table_name="customers")
    op.drop_column("customers", "ssn")


def downgrade():
    f = _fernet()
    op.add_column("customers", sa.Column("ssn", sa.String(11), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, ssn_encrypted FROM customers WHERE ssn_encrypted IS NOT NULL")).fetchall()
    for r in rows:
        conn.execute(sa.text("UPDATE customers SET ssn = :s WHERE id = :i"),
                     {"s": f.decrypt(bytes(r.ssn_encrypted)).decode(), "i": r.id})
    op.create_index("ix_customers_ssn", "customers", ["ssn"])
    op.drop_column("customers", "ssn_encrypted")
