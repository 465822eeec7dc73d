-- Dead rows per table against the point where autovacuum will act on them:
-- threshold = least(base + scale_factor * reltuples, max_threshold), using the
-- table's own storage parameters where it has them. (The insert-driven trigger
-- and anti-wraparound vacuums are not modelled here.)
-- ANCHOR: dead_tuples
SELECT s.relname,
       s.n_live_tup,
       s.n_dead_tup,
       round(t.threshold)                    AS autovacuum_threshold,
       s.n_dead_tup > t.threshold            AS over_threshold,
       coalesce(o.enabled, true)             AS autovacuum_enabled,
       s.last_autovacuum,
       s.last_vacuum
FROM pg_stat_user_tables AS s
JOIN pg_class AS c ON c.oid = s.relid
CROSS JOIN LATERAL (
    SELECT bool_or(option_value::bool) FILTER (WHERE option_name = 'autovacuum_enabled')
               AS enabled,
           coalesce(max(option_value) FILTER (WHERE option_name = 'autovacuum_vacuum_threshold'),
                    current_setting('autovacuum_vacuum_threshold'))::float8 AS base,
           coalesce(max(option_value) FILTER (WHERE option_name = 'autovacuum_vacuum_scale_factor'),
                    current_setting('autovacuum_vacuum_scale_factor'))::float8 AS scale_factor,
           coalesce(max(option_value) FILTER (WHERE option_name = 'autovacuum_vacuum_max_threshold'),
                    current_setting('autovacuum_vacuum_max_threshold'))::float8 AS max_threshold
    FROM pg_options_to_table(c.reloptions)
) AS o
CROSS JOIN LATERAL (
    -- reltuples is -1 until the table is first vacuumed or analyzed; a negative
    -- max_threshold switches the cap off.
    SELECT CASE WHEN o.max_threshold < 0
                THEN o.base + o.scale_factor * greatest(c.reltuples, 0)
                ELSE least(o.base + o.scale_factor * greatest(c.reltuples, 0), o.max_threshold)
           END AS threshold
) AS t
ORDER BY s.n_dead_tup DESC;
-- ANCHOR_END: dead_tuples

-- ANCHOR: hot_table
-- A big, busy table: act after 1% of it has changed instead of 20%.
ALTER TABLE orders SET (autovacuum_vacuum_scale_factor = 0.01);
-- ANCHOR_END: hot_table

-- ANCHOR: oldest_snapshots
-- Sessions that stop VACUUM from removing rows in this database's tables, oldest first: those
-- holding a snapshot (backend_xmin) and those that wrote and have not ended their transaction
-- (backend_xid). Sessions in other databases hold back only the shared catalogs.
SELECT pid,
       state,
       age(backend_xmin)            AS xmin_age,
       age(backend_xid)             AS xid_age,
       now() - xact_start           AS transaction_age,
       left(query, 60)              AS last_query
FROM pg_stat_activity
WHERE (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL)
  AND datname = current_database()
  AND pid <> pg_backend_pid()
ORDER BY greatest(age(backend_xmin), age(backend_xid)) DESC;
-- ANCHOR_END: oldest_snapshots
