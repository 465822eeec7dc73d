"""A per-table autovacuum setting making autovacuum run where the global default would not.

    python autovacuum.py     (the server of libpq's PG* variables; records.toml shortens
                              autovacuum_naptime to 1s for this run, so that it takes seconds)

Two identical tables of 100,000 rows, loaded with autovacuum off for them, then vacuumed and
analyzed by hand, so that neither owes autovacuum anything. One gets the per-table setting
(hot_accounts). Then 5,000 rows of each are updated, and the script waits for autovacuum: until it
has processed hot_accounts, then three more naptimes, and prints what pg_stat_user_tables says.
"""

from __future__ import annotations

import time

import psycopg

from sections import query

ROWS, UPDATED = 100_000, 5_000
TABLES = ("hot_accounts", "cold_accounts")


def stats(conn: psycopg.Connection) -> dict[str, tuple[int, int]]:
    rows = conn.execute(
        "SELECT relname, n_dead_tup, autovacuum_count FROM pg_stat_user_tables WHERE relname = ANY(%s)", (list(TABLES),))
    return {name: (dead, runs) for name, dead, runs in rows}


def main() -> None:
    with psycopg.connect(autocommit=True) as conn:
        naptime = conn.execute("SHOW autovacuum_naptime").fetchone()[0]
        scale, threshold = (conn.execute(f"SHOW {name}").fetchone()[0]
                            for name in ("autovacuum_vacuum_scale_factor", "autovacuum_vacuum_threshold"))
        for table in TABLES:
            conn.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, balance int NOT NULL) WITH (autovacuum_enabled = off)")
            conn.execute(f"INSERT INTO {table} SELECT g, 0 FROM generate_series(1, {ROWS}) AS g")
        # The inserts' counters reach the statistics before VACUUM resets them, not after.
        conn.execute("SELECT pg_stat_force_next_flush()")
        conn.execute("SELECT 1")
        for table in TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")
            conn.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")
        conn.execute(query("autovacuum.sql", "hot_table"))
        for table in TABLES:
            conn.execute(f"UPDATE {table} SET balance = balance + 1 WHERE id % ({ROWS} / {UPDATED}) = 0")
        conn.execute("SELECT pg_stat_force_next_flush()")
        conn.execute("SELECT 1")

        waited_for_hot = wait(conn, lambda s: s["hot_accounts"][1] > 0, timeout=120)
        time.sleep(3 * interval(naptime))  # time enough for autovacuum to look at cold_accounts too
        after = stats(conn)
        thresholds = {name: (scale_factor, limit) for name, scale_factor, limit in conn.execute(query("autovacuum.sql", "thresholds"))}

    print(f"autovacuum_naptime = {naptime} (for this run), autovacuum_vacuum_threshold = {threshold}, "
          f"autovacuum_vacuum_scale_factor = {scale}")
    print(f"each table: {ROWS:,} rows, vacuumed and analyzed; then {UPDATED:,} rows of each updated")
    print(f"{'table':<14} {'scale factor':>12} {'threshold':>10} {'dead rows':>10} {'autovacuum runs':>16}")
    for table in TABLES:
        factor, limit = thresholds[table]
        dead, runs = after[table]
        print(f"{table:<14} {factor:>12} {limit:>10,.0f} {dead:>10,} {runs:>16}")
    if not waited_for_hot:
        print("autovacuum did not process hot_accounts within 120 s")


def interval(setting: str) -> float:
    """autovacuum_naptime as SHOW prints it ('1s', '1min') in seconds."""
    number = float(setting.rstrip("smin"))
    return number * 60 if setting.endswith("min") else number


def wait(conn: psycopg.Connection, condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition(stats(conn)):
            return True
        time.sleep(0.2)
    return False


if __name__ == "__main__":
    main()
