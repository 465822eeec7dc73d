"""The schema of "Just About Go Time", run on a real PostgreSQL 18.

The SQL listings the post shows with their output (storage.sql, dst.sql, transaction_time.sql)
and the pgx round trip are records (records.toml): `make listings` runs each one, compares what it
prints with the recorded output and checks the claims the text makes about it. The tests below
check the schema's behaviour, which the post describes without printing it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture
def schema(pg_conn):
    pg_conn.execute((HERE / "schema.sql").read_text())
    return pg_conn


def test_appointment_instants_follow_the_zone_rules(schema):
    schema.execute(
        """
        INSERT INTO appointments (title, local_start, zone) VALUES
            ('clinic',        '2023-04-10 09:00', 'America/Mexico_City'),
            ('spring gap',    '2026-03-08 02:30', 'America/New_York'),
            ('autumn repeat', '2026-11-01 01:30', 'America/New_York')
        """
    )
    rows = dict(schema.execute("SELECT title, starts_at FROM appointment_instants").fetchall())
    utc = timezone.utc
    # Mexico City stopped observing DST after 2022 (tz 2022f): 09:00 is UTC-6.
    assert rows["clinic"] == datetime(2023, 4, 10, 15, 0, tzinfo=utc)
    # Same answer as civil.Resolve: 02:30 read as EST, i.e. 03:30 EDT.
    assert rows["spring gap"] == datetime(2026, 3, 8, 7, 30, tzinfo=utc)
    # A different answer from civil.Resolve (05:30 UTC, the first occurrence).
    assert rows["autumn repeat"] == datetime(2026, 11, 1, 6, 30, tzinfo=utc)
    assert rows["autumn repeat"] - datetime(2026, 11, 1, 5, 30, tzinfo=utc) == timedelta(hours=1)


@pytest.mark.parametrize("zone", ["+02:00", "CEST", "UTC+2", "Europe/Berlinn", ""])
def test_appointments_reject_what_is_not_a_zone_name(schema, zone):
    with pytest.raises(psycopg.errors.CheckViolation):
        schema.execute(
            "INSERT INTO appointments (title, local_start, zone) VALUES ('x', '2026-05-12 09:30', %s)",
            (zone,),
        )


def test_check_ins_keep_both_clocks(schema):
    taken = datetime(2026, 5, 13, 9, 30, tzinfo=timezone(timedelta(hours=2)))  # a phone a day ahead
    received = datetime(2026, 5, 12, 7, 30, 5, tzinfo=timezone.utc)
    schema.execute(
        "INSERT INTO check_ins (device_id, taken_at, received_at) VALUES ('b', %s, %s)",
        (taken, received),
    )
    skew = schema.execute("SELECT taken_at - received_at FROM check_ins").fetchone()[0]
    assert skew == timedelta(days=1) - timedelta(seconds=5)
