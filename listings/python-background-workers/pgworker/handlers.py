"""Job handlers of an example application: one effect inside the database, one outside it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import psycopg

from .queue import Job
from .worker import Handler, PermanentError

SCHEMA = Path(__file__).with_name("handlers.sql")


# ANCHOR: credit_account
async def credit_account(job: Job, conn: psycopg.AsyncConnection) -> None:
    """Credits an account once per transfer, in the transaction that completes the job."""
    transfer_id = job.payload["transfer_id"]
    account_id = job.payload["account_id"]
    amount_cents = job.payload["amount_cents"]
    try:
        inserted = await conn.execute(
            """
            INSERT INTO ledger (transfer_id, account_id, amount_cents) VALUES (%s, %s, %s)
            ON CONFLICT (transfer_id) DO NOTHING
            """,
            (transfer_id, account_id, amount_cents),
        )
    except psycopg.errors.ForeignKeyViolation as error:
        # Retrying cannot create the account: fail now instead of five times.
        raise PermanentError(f"account {account_id} does not exist") from error
    if inserted.rowcount == 0:
        return  # an earlier job already applied this transfer
    await conn.execute(
        "UPDATE accounts SET balance_cents = balance_cents + %s WHERE id = %s",
        (amount_cents, account_id),
    )
# ANCHOR_END: credit_account


class EmailProvider:
    """Plays an e-mail provider's HTTP API that honours an Idempotency-Key header.

    It records every request it receives and sends at most one message per key. Like the
    real thing, it is outside the job's transaction: a rollback cannot unsend a message.
    `response_delay` is the time the answer takes to travel back to the worker.
    """

    def __init__(self, dsn: str, response_delay: float = 0.0) -> None:
        self.dsn = dsn
        self.response_delay = response_delay

    async def send(self, idempotency_key: str, recipient: str) -> None:
        async with await psycopg.AsyncConnection.connect(self.dsn, autocommit=True) as conn:
            await conn.execute("INSERT INTO provider_requests (idempotency_key) VALUES (%s)", (idempotency_key,))
            await conn.execute(
                "INSERT INTO provider_sent VALUES (%s, %s) ON CONFLICT (idempotency_key) DO NOTHING",
                (idempotency_key, recipient),
            )
        await asyncio.sleep(self.response_delay)


# ANCHOR: send_receipt
def receipt_sender(provider: EmailProvider) -> Handler:
    async def send_receipt(job: Job, conn: psycopg.AsyncConnection) -> None:
        # The key names the business event, not the attempt: every delivery of this job,
        # and any other job for the same order, sends the same key.
        key = f"receipt/order/{job.payload['order_id']}"
        await provider.send(key, job.payload["email"])

    return send_receipt
# ANCHOR_END: send_receipt


def build_handlers(provider: EmailProvider) -> dict[str, Handler]:
    return {"credit_account": credit_account, "send_receipt": receipt_sender(provider)}
