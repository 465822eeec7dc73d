-- ANCHOR: retention_delete
-- Retention: drop orders older than 2025-02-01 (the oldest ~55% of the table).
DELETE FROM orders WHERE created_at < '2025-02-01 00:00+00';
-- ANCHOR_END: retention_delete

-- ANCHOR: table_space
-- How much of the table file is live rows, dead rows and free space.
-- pgstattuple reads the whole table: run it on a replica or off-peak.
CREATE EXTENSION IF NOT EXISTS pgstattuple;

SELECT pg_size_pretty(table_len) AS table_size,
       tuple_percent             AS live_pct,
       dead_tuple_percent        AS dead_pct,
       free_percent              AS free_pct
FROM pgstattuple('orders');
-- ANCHOR_END: table_space
