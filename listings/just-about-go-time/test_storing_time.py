"""The PostgreSQL half of "Just About Go Time", run on a real PostgreSQL 18.

Each SQL listing runs as the reader would run it in psql; what the server prints
is compared with the recorded output that the post shows (`*.out`). Set
UPDATE_GOLDEN=1 to re-record after a deliberate change, then review the diff.
The claims the text makes are also asserted one by one below, so a re-recorded
file cannot quietly change what the post says.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest

HERE = Path(__file__).resolve().parent


def run_script(conn: psycopg.Connection, sql_file: str) -> str:
    """Run every statement of sql_file in one simple-protocol call and render
    each result row as `column: value`, with values in PostgreSQL's own text
    form (what psql would show), one blank line between result sets."""
    cursor = conn.execute((HERE / sql_file).read_text())
    blocks = []
    while True:
        result = cursor.pgresult
        if cursor.description:
            names = [column.name for column in cursor.description]
            for row in range(result.ntuples):
                lines = [
                    f"{name}: {result.get_value(row, col).decode()}"
                    for col, name in enumerate(names)
                ]
                blocks.append("\n".join(lines))
        if not cursor.nextset():
            break
    return "\n\n".join(blocks) + "\n"


def check_golden(actual: str, golden_file: str) -> None:
    golden = HERE / golden_file
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(actual)
    assert golden.exists(), f"{golden} is missing: run with UPDATE_GOLDEN=1 and review it"
    assert actual == golden.read_text(), f"output differs from {golden}"


def parse_rendered(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.splitlines() if line)


def run_checked(conn: psycopg.Connection, sql_file: str) -> dict[str, str]:
    """Run a script, compare its output with the recorded `.out` file, return its named values."""
    out = run_script(conn, sql_file)
    check_golden(out, sql_file.removesuffix(".sql") + ".out")
    return parse_rendered(out)


def test_storage(pg_conn):
    values = run_checked(pg_conn, "storage.sql")
    # timestamptz converts the input to an instant and shows it in the session zone.
    assert values["timestamptz_from_plus_02"] == "2026-05-12 07:30:00+00"
    assert values["same_input_shown_in_tokyo"] == "2026-05-12 16:30:00+09"
    # timestamp keeps the wall clock fields and silently drops the offset.
    assert values["timestamp_from_plus_02"] == "2026-05-12 09:30:00"
    # Seven fractional digits are rounded to microseconds, not truncated.
    assert values["seven_fraction_digits"] == "2026-05-12 16:30:00.123457+09"
    # A leap second is accepted and becomes the first second of the next day.
    assert values["leap_second"] == "2017-01-01 09:00:00+09"


def test_dst(pg_conn):
    values = run_checked(pg_conn, "dst.sql")
    assert values["plus_1_day"] == "2026-03-08 12:00:00-04"
    assert values["plus_24_hours"] == "2026-03-08 13:00:00-04"
    # Skipped: read with the offset before the jump (EST), shown after it.
    assert values["skipped_0230"] == "2026-03-08 03:30:00-04"
    # Repeated: PostgreSQL takes the offset after the jump (EST), the second
    # occurrence; RFC 5545 and civil.Resolve take the first (EDT).
    assert values["repeated_0130"] == "2026-11-01 01:30:00-05"
    assert values["berlin_wall_to_instant"] == "2026-05-12 07:30:00+00"
    assert values["instant_to_berlin_wall"] == "2026-05-12 09:30:00"
    # '+02:00' is read as a POSIX zone, whose sign means west of Greenwich.
    assert values["posix_plus_02_is_west"] == "2026-05-12 05:30:00"


def test_transaction_time(pg_conn):
    values = run_checked(pg_conn, "transaction_time.sql")
    assert values["distinct_now_values"] == "1"
    assert values["distinct_clock_timestamp_values"] == "2"


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


def test_pgx_roundtrip(pg_dsn):
    go = shutil.which("go")
    assert go, "the Go toolchain (go) must be on PATH to run cmd/pgroundtrip"
    result = subprocess.run(
        [go, "run", "./cmd/pgroundtrip"],
        cwd=HERE,
        env={**os.environ, "DATABASE_URL": pg_dsn, "TZ": "Asia/Tokyo"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"cmd/pgroundtrip failed:\n{result.stderr}"
    check_golden(result.stdout, "cmd/pgroundtrip/output.txt")
    # The claims the post makes about this output.
    assert "| in time.Local: true" in result.stdout
    assert "Equal(sent): false | Equal(sent truncated to µs): true" in result.stdout
    assert "off by -4h0m0s" in result.stdout
    assert "with ScanLocation UTC: 2026-05-12 13:30:00.123456 +0000 UTC" in result.stdout
